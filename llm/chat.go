package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Message is one chat message.
type Message struct {
	// Role is "system", "user" or "assistant".
	Role    string
	Content string
}

// ChatRequest is a chat completion request.
type ChatRequest struct {
	// Model names the model, e.g. "gpt-4o-mini" or "llama3.1".
	Model    string
	Messages []Message
	// Temperature is always sent, 0 included (0 asks for the most likely tokens). A negative
	// value leaves it to the server's default, for models that accept no other value.
	Temperature float32
	// MaxTokens caps the reply's length in tokens; 0 leaves it to the server. It is sent as
	// max_tokens, which every OpenAI-compatible server understands.
	MaxTokens int
}

// ChatResponse is the model's reply.
type ChatResponse struct {
	// Content is the whole reply text (for a stream, the deltas joined).
	Content string
	// Model is the model the server says answered.
	Model string
	// FinishReason is why the model stopped: "stop", "length", "content_filter", ….
	FinishReason string
}

// Chat sends a chat completion request and returns the reply. When onDelta is not nil the reply
// is streamed (server-sent events) and onDelta receives each piece of text as it arrives, from the
// calling goroutine; the returned Content is the pieces joined.
//
// Failed attempts are retried as described in the package documentation. A stream that fails
// after onDelta received text is not retried: Chat returns the text received so far with an
// error wrapping [ErrStreamInterrupted].
func (c *Client) Chat(ctx context.Context, req ChatRequest, onDelta func(string)) (ChatResponse, error) {
	op := fmt.Sprintf("chat with model %q", req.Model)
	if req.Model == "" {
		return ChatResponse{}, errors.New("llm: chat: no model given")
	}
	if len(req.Messages) == 0 {
		return ChatResponse{}, fmt.Errorf("llm: %s: no messages given", op)
	}
	oreq := openai.ChatCompletionRequest{
		Model:    req.Model,
		Messages: make([]openai.ChatCompletionMessage, len(req.Messages)),
		//lint:ignore SA1019 max_tokens, not max_completion_tokens, is what Ollama, llama.cpp and vLLM read.
		MaxTokens: req.MaxTokens,
	}
	for i, m := range req.Messages {
		oreq.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	if req.Temperature > 0 {
		oreq.Temperature = req.Temperature
	}
	setup := func(a *attempt) { a.zeroTemperature = req.Temperature == 0 }

	var resp ChatResponse
	var err error
	if onDelta == nil {
		err = c.do(ctx, op, setup, func(ctx context.Context, _ *attempt) error {
			resp, err = c.complete(ctx, oreq)
			return err
		})
	} else {
		err = c.do(ctx, op, setup, func(ctx context.Context, a *attempt) error {
			resp, err = c.stream(ctx, a, oreq, onDelta)
			return err
		})
	}
	return resp, err
}

// complete makes one non-streamed attempt.
func (c *Client) complete(ctx context.Context, oreq openai.ChatCompletionRequest) (ChatResponse, error) {
	actx, cancel := context.WithTimeoutCause(ctx, c.timeout, &timeoutError{timeout: c.timeout})
	defer cancel()
	out, err := c.api.CreateChatCompletion(actx, oreq)
	if err != nil {
		return ChatResponse{}, attemptError(ctx, actx, err)
	}
	if len(out.Choices) == 0 {
		return ChatResponse{}, errors.New("the reply holds no choices")
	}
	ch := out.Choices[0]
	return ChatResponse{Content: ch.Message.Content, Model: out.Model, FinishReason: string(ch.FinishReason)}, nil
}

// stream makes one streamed attempt. The timeout bounds the wait for each chunk.
func (c *Client) stream(ctx context.Context, a *attempt, oreq openai.ChatCompletionRequest, onDelta func(string)) (ChatResponse, error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(c.timeout, func() { cancel(&timeoutError{timeout: c.timeout, stream: true}) })
	defer idle.Stop()

	s, err := c.api.CreateChatCompletionStream(actx, oreq)
	if err != nil {
		return ChatResponse{}, attemptError(ctx, actx, err)
	}
	defer s.Close()

	var resp ChatResponse
	var text strings.Builder
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			resp.Content = text.String()
			err = attemptError(ctx, actx, err)
			if text.Len() > 0 {
				if _, ok := err.(*timeoutError); !ok {
					err, _ = c.classify(err, a)
				}
				return resp, fmt.Errorf("%w (%d bytes received): %w", ErrStreamInterrupted, text.Len(), err)
			}
			return resp, err
		}
		idle.Reset(c.timeout)
		if chunk.Model != "" {
			resp.Model = chunk.Model
		}
		if len(chunk.Choices) == 0 {
			continue // e.g. a final usage-only chunk
		}
		ch := chunk.Choices[0]
		if d := ch.Delta.Content; d != "" {
			text.WriteString(d)
			onDelta(d)
		}
		if ch.FinishReason != "" {
			resp.FinishReason = string(ch.FinishReason)
		}
	}
	resp.Content = text.String()
	if resp.FinishReason == "" {
		c.log.Debug("llm: stream ended without a finish reason", "model", oreq.Model, "bytes", text.Len())
	}
	return resp, nil
}

// attemptError replaces the error of an attempt that ran out of time with its timeoutError, so
// that the caller can tell a timeout from a failure. ctx is the caller's context, actx the
// attempt's.
func attemptError(ctx, actx context.Context, err error) error {
	var te *timeoutError
	if ctx.Err() == nil && errors.As(context.Cause(actx), &te) {
		return te
	}
	return err
}
