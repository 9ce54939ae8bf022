package mock_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/isoconform/isoconform/mock"
)

// An unmodified integration reaches the mock through nothing but its proxy setting and the
// mock's CA: it keeps its hard-coded Microsoft URLs.
func Example_proxy() {
	srv, err := mock.Start(context.Background(), mock.Options{Proxy: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(srv.CACertPEM())
	proxyURL, _ := url.Parse(srv.URL())
	client := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: roots},
	}}

	app := srv.Applications()[0]
	resp, err := client.PostForm("https://login.microsoftonline.com/"+srv.TenantID()+"/oauth2/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
		"resource": {"https://api.securitycenter.microsoft.com"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	req, _ := http.NewRequest(http.MethodGet, "https://api.securitycenter.microsoft.com/api/alerts?$top=1", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(app.Role, resp.StatusCode, len(srv.Verdicts()))
	// Output:
	// machine-isolate 200 0
}
