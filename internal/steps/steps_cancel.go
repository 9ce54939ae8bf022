package steps

import (
	"context"
	"fmt"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// cancelComment is the Comment the suite sends with a cancellation.
const cancelComment = "isoconform: cancel"

// cancelSteps are the steps of POST {base}/machineactions/{id}/cancel (current profile).
func cancelSteps() []stepDef {
	return []stepDef{
		{`^the caller cancels the isolation while it is pending$`, cancelPending},
		{`^the caller cancels the isolation$`, cancelIsolation},
		{`^the caller cancels a machine action id that does not exist$`, cancelUnknown},
		{`^the action is Cancelled, with its cancellation requestor, comment and time set$`, actionCancelled},
		{`^the response is a refusal \(4xx\) or the unchanged action$`, isRefusalOrUnchanged},
		{`^the isolation is still final and not Cancelled$`, stillFinal},
	}
}

// cancel sends a cancellation of the action with the given id.
func (s *scenario) cancel(ctx context.Context, id string) error {
	return s.do(ctx, s.cancelRequest(id))
}

// cancelPending cancels the scenario's isolation; it skips when the isolation became final
// before the cancellation could be sent, since then no request can find it pending.
func cancelPending(ctx context.Context) error {
	s := from(ctx)
	if len(s.actions) == 0 {
		return harness("no isolation to cancel")
	}
	if s.sh != nil {
		if s.sh.cancel.ex == nil {
			return s.skip("the shared isolation was already final before the cancellation could be sent")
		}
		s.observe(s.sh.cancel)
		return s.probe(spec.FeatureCancel)
	}
	a := s.actions[0]
	if isFinal(a.status) {
		return s.skip("the isolation was already %s in the 201 answer, so no cancellation could find it pending", a.status)
	}
	if st, _, err := s.t.actionStatus(ctx, a.id); err == nil && isFinal(st) {
		return s.skip("the isolation was already %s before the cancellation could be sent", st)
	}
	if err := s.cancel(ctx, a.id); err != nil {
		return err
	}
	return s.probe(spec.FeatureCancel)
}

func cancelIsolation(ctx context.Context) error {
	s := from(ctx)
	if len(s.actions) == 0 {
		return harness("no isolation to cancel")
	}
	if s.sh != nil {
		if s.sh.cancel.ex == nil {
			return harness("the shared isolation sent no cancellation")
		}
		s.observe(s.sh.cancel)
		return s.probe(spec.FeatureCancel)
	}
	if err := s.cancel(ctx, s.actions[0].id); err != nil {
		return err
	}
	return s.probe(spec.FeatureCancel)
}

func cancelUnknown(ctx context.Context) error {
	return from(ctx).cancel(ctx, guid.New())
}

// actionCancelled checks the cancellation's answer: the same action, now Cancelled, naming
// who cancelled it, with the Comment sent and when.
func actionCancelled(ctx context.Context) error {
	s := from(ctx)
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return s.fail("a MachineAction", s.t.describe(s.last), reqCancel001)
	}
	want := s.actions[0].id
	switch {
	case str(body["id"]) != want:
		return s.fail(fmt.Sprintf("the cancelled action %s", want), fmt.Sprintf("id %v", body["id"]), reqCancel001)
	case str(body["status"]) != "Cancelled":
		return s.fail(`status "Cancelled"`, fmt.Sprintf("status %v", body["status"]), reqCancel001)
	case str(body["cancellationRequestor"]) == "":
		return s.fail("a cancellationRequestor naming the caller", fmt.Sprintf("cancellationRequestor %v", body["cancellationRequestor"]), reqCancel001)
	case str(body["cancellationComment"]) != cancelComment:
		return s.fail(fmt.Sprintf("cancellationComment %q", cancelComment), fmt.Sprintf("cancellationComment %v", body["cancellationComment"]), reqCancel001)
	case str(body["cancellationDateTimeUtc"]) == "":
		return s.fail("a cancellationDateTimeUtc", fmt.Sprintf("cancellationDateTimeUtc %v", body["cancellationDateTimeUtc"]), reqCancel001)
	}
	// The answer says Cancelled; the action itself must say so too when fetched again, or the
	// cancellation was rendered but not recorded (and the isolation goes on).
	st, ex, err := s.t.actionStatus(ctx, want)
	if err != nil {
		return harness("fetch the cancelled action %s: %v", want, err)
	}
	if st != "Cancelled" {
		s.last = ex
		return s.fail(fmt.Sprintf("action %s Cancelled when fetched after the cancellation", want), fmt.Sprintf("status %q", st), reqCancel001)
	}
	s.actions[0].status = "Cancelled"
	return nil
}

// isRefusalOrUnchanged accepts the answers the documents leave open for cancelling a final
// action: a refusal (4xx), or a 2xx with the action, not Cancelled.
func isRefusalOrUnchanged(ctx context.Context) error {
	s := from(ctx)
	code := 0
	if s.last != nil {
		code = s.last.StatusCode
	}
	if code >= 400 && code <= 499 {
		return nil
	}
	if code >= 200 && code <= 299 {
		body, _ := s.lastJSON.(map[string]any)
		if st := str(body["status"]); st != "" && st != "Cancelled" {
			return nil
		}
	}
	return s.fail("a refusal (4xx), or the unchanged action (2xx, not Cancelled)", s.t.describe(s.last))
}

// stillFinal fetches the isolation again: a refused cancellation must not have changed it.
func stillFinal(ctx context.Context) error {
	s := from(ctx)
	refusal := s.last
	st, _, err := s.t.actionStatus(ctx, s.actions[0].id)
	if err != nil {
		return harness("fetch the isolation after the refused cancellation: %v", err)
	}
	if !isFinal(st) || st == "Cancelled" {
		s.last = refusal
		return s.fail("the isolation unchanged: final and not Cancelled", fmt.Sprintf("status %s after the refused cancellation", st))
	}
	return nil
}
