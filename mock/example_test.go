package mock_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/mock"
)

// A client's test starts the mock, sends what the client would, and checks the verdicts: this
// client names the body properties in lower case, which the service does not accept.
func Example() {
	srv, err := mock.Start(context.Background(), mock.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	base, _ := srv.BaseURL("current")
	token, _ := srv.Token("current", "machine-isolate")

	body := `{"comment":"isolate for investigation","isolationType":"Full"}`
	req, _ := http.NewRequest(http.MethodPost, base+"/machines/"+srv.MachineIDs()[0]+"/isolate", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()

	fmt.Println(resp.StatusCode)
	for _, v := range srv.Verdicts() {
		fmt.Println(v.Rule, v.Count)
	}
	// Output:
	// 400
	// lowercase-property 1
}

// A queued fault makes the next matching request fail, here the next isolation with a 503.
func ExampleServer_QueueFault() {
	srv, err := mock.Start(context.Background(), mock.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	if err := srv.QueueFault(mock.Fault{Operation: "isolateMachine", Status: http.StatusServiceUnavailable}); err != nil {
		fmt.Println(err)
		return
	}
	base, _ := srv.BaseURL("current")
	token, _ := srv.Token("current", "machine-isolate")
	body := `{"Comment":"isolate for investigation","IsolationType":"Full"}`
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, base+"/machines/"+srv.MachineIDs()[0]+"/isolate", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 503
	// 201
}
