package errors

import (
	goerrors "errors"
	"fmt"
	"io/fs"
	"testing"
)

type codeErr struct{ code int }

func (e codeErr) Error() string { return fmt.Sprint("code ", e.code) }

func TestAsTypeAsStd(t *testing.T) {
	errs := []error{
		nil,
		goerrors.New("plain"),
		fmt.Errorf("wrapped: %w", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}),
		goerrors.Join(goerrors.New("a"), codeErr{7}),
	}
	for _, err := range errs {
		p, ok := AsType[*fs.PathError](err)
		sp, sok := goerrors.AsType[*fs.PathError](err)
		if p != sp || ok != sok {
			t.Errorf("%v: *fs.PathError %v %v, std %v %v", err, p, ok, sp, sok)
		}
		c, ok := AsType[codeErr](err)
		sc, sok := goerrors.AsType[codeErr](err)
		if c != sc || ok != sok {
			t.Errorf("%v: codeErr %v %v, std %v %v", err, c, ok, sc, sok)
		}
	}
}
