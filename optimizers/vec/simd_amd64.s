//go:build amd64 && !purego

#include "textflag.h"

// func hasAVX() bool
TEXT ·hasAVX(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x18000000, CX // OSXSAVE (bit 27) and AVX (bit 28)
	CMPL CX, $0x18000000
	JNE  no
	XORL CX, CX
	XGETBV               // XCR0: the OS saves XMM (bit 1) and YMM (bit 2) state
	ANDL $6, AX
	CMPL AX, $6
	JNE  no
	MOVB $1, ret+0(FP)
	RET
no:
	MOVB $0, ret+0(FP)
	RET

// func adamAVX(p, grad, m, v *float64, n int, k *adamConsts)
TEXT ·adamAVX(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	VBROADCASTSD 0(AX), Y8   // b1
	VBROADCASTSD 8(AX), Y9   // c1 = 1-b1
	VBROADCASTSD 16(AX), Y10 // b2
	VBROADCASTSD 24(AX), Y11 // c2 = 1-b2
	VBROADCASTSD 32(AX), Y12 // -step_size
	VBROADCASTSD 40(AX), Y13 // sqrt(bc2)
	VBROADCASTSD 48(AX), Y14 // eps
	VBROADCASTSD 56(AX), Y15 // keep = 1 - lr*wd (AdamW), else 1
	VBROADCASTSD 64(AX), Y7  // s = ±1 (maximize)

adamloop:
	CMPQ CX, $4
	JLT  adamdone
	VMOVUPD (DI), Y0
	VMULPD  Y15, Y0, Y0 // p = p*keep
	VMOVUPD (SI), Y1
	VMULPD  Y7, Y1, Y1  // g = s*g
	VMOVUPD (R8), Y2
	VMULPD  Y8, Y2, Y2  // m*b1
	VMULPD  Y9, Y1, Y3  // c1*g
	VADDPD  Y3, Y2, Y2  // m = m*b1 + c1*g
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y4
	VMULPD  Y10, Y4, Y4 // v*b2
	VMULPD  Y11, Y1, Y5 // c2*g
	VMULPD  Y1, Y5, Y5  // (c2*g)*g
	VADDPD  Y5, Y4, Y4  // v = v*b2 + (c2*g)*g
	VMOVUPD Y4, (R9)
	VSQRTPD Y4, Y4
	VDIVPD  Y13, Y4, Y4 // sqrt(v)/bc2s
	VADDPD  Y14, Y4, Y4 // + eps
	VMULPD  Y12, Y2, Y2 // (-step_size)*m
	VDIVPD  Y4, Y2, Y2  // / denom
	VADDPD  Y2, Y0, Y0  // p + ...
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $4, CX
	JMP     adamloop

adamdone:
	VZEROUPPER
	RET

// func rmspropAVX(p, grad, sq *float64, n int, k *rmspropConsts)
TEXT ·rmspropAVX(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ sq+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	VBROADCASTSD 0(AX), Y8   // alpha
	VBROADCASTSD 8(AX), Y9   // 1-alpha
	VBROADCASTSD 16(AX), Y10 // eps
	VBROADCASTSD 24(AX), Y11 // -lr
	VBROADCASTSD 32(AX), Y7  // s = ±1 (maximize)

rmsloop:
	CMPQ CX, $4
	JLT  rmsdone
	VMOVUPD (SI), Y1
	VMULPD  Y7, Y1, Y1  // g = s*g
	VMOVUPD (R8), Y2
	VMULPD  Y8, Y2, Y2  // sq*alpha
	VMULPD  Y9, Y1, Y3  // (1-alpha)*g
	VMULPD  Y1, Y3, Y3  // ((1-alpha)*g)*g
	VADDPD  Y3, Y2, Y2  // sq
	VMOVUPD Y2, (R8)
	VSQRTPD Y2, Y2
	VADDPD  Y10, Y2, Y2 // avg = sqrt(sq) + eps
	VMULPD  Y11, Y1, Y1 // (-lr)*g
	VDIVPD  Y2, Y1, Y1  // / avg
	VMOVUPD (DI), Y0
	VADDPD  Y1, Y0, Y0  // p + ...
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     rmsloop

rmsdone:
	VZEROUPPER
	RET

// func sgdAVX(p, grad, buf *float64, n int, k *sgdConsts)
TEXT ·sgdAVX(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ buf+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	VBROADCASTSD 0(AX), Y7   // s = ±1 (maximize)
	VBROADCASTSD 8(AX), Y8   // weight_decay
	VBROADCASTSD 16(AX), Y9  // momentum
	VBROADCASTSD 24(AX), Y10 // 1-dampening
	VBROADCASTSD 32(AX), Y11 // -lr
	MOVQ 40(AX), R10         // weight decay on (0/1)
	MOVQ 48(AX), R11         // nesterov (0/1)

sgdloop:
	CMPQ CX, $4
	JLT  sgddone
	VMOVUPD (DI), Y0
	VMOVUPD (SI), Y1
	VMULPD  Y7, Y1, Y1 // d = s*g
	TESTQ   R10, R10
	JZ      sgdnowd
	VMULPD  Y8, Y0, Y5 // wd*p
	VADDPD  Y5, Y1, Y1 // d = d + wd*p

sgdnowd:
	VMOVUPD (R8), Y2
	VMULPD  Y9, Y2, Y2  // buf*momentum
	VMULPD  Y10, Y1, Y3 // (1-dampening)*d
	VADDPD  Y3, Y2, Y2  // buf
	VMOVUPD Y2, (R8)
	TESTQ   R11, R11
	JZ      sgdplain
	VMULPD  Y9, Y2, Y4 // momentum*buf
	VADDPD  Y4, Y1, Y2 // d = d + momentum*buf

sgdplain:
	VMULPD  Y11, Y2, Y2 // (-lr)*d
	VADDPD  Y2, Y0, Y0  // p + (-lr)*d
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     sgdloop

sgddone:
	VZEROUPPER
	RET
