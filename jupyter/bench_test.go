package jupyter

import "testing"

func BenchmarkDecode(b *testing.B) {
	s, _ := newSigner("hmac-sha256", "key")
	frames := wire("key", []string{"client"}, testHeader, `{}`, `{}`, `{"code":"for i := 0; i < 10; i++ { fmt.Println(i) }","silent":false,"store_history":true,"user_expressions":{},"allow_stdin":true,"stop_on_error":true}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(frames, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeStream(b *testing.B) {
	s, _ := newSigner("hmac-sha256", "key")
	content := map[string]any{"name": "stdout", "text": "line 12345\n"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encode(s, [][]byte{[]byte("kernel.x.stream")}, newHeader("stream", "x", "kernel"), []byte(testHeader), nil, content); err != nil {
			b.Fatal(err)
		}
	}
}
