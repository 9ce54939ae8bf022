package spec

import "testing"

func TestProfileOfPath(t *testing.T) {
	for path, want := range map[string]Profile{
		"/testwdatppreview":                       Preview2017,
		"/testwdatppreview/machines/abc/isolate":  Preview2017,
		"/api":                                    Current,
		"/api/machines/abc/isolate":               Current,
		"/api/v1.0/machines/abc/isolate":          Current,
		"/apiary/machines":                        "",
		"/testwdatpreview/machines":               "",
		"/":                                       "",
		"/_isoconform/violations":                 "",
		"/common/oauth2/token":                    "",
		"/TESTWDATPPREVIEW/machines/abc/isolate":  "",
		"/testwdatppreviewx/machines/abc/isolate": "",
	} {
		got, ok := ProfileOfPath(path)
		if got != want || ok != (want != "") {
			t.Errorf("ProfileOfPath(%q) = %q, %v; want %q", path, got, ok, want)
		}
	}
}
