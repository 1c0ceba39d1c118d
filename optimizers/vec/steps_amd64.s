//go:build amd64 && !purego

#include "textflag.h"

// func sqrtDivAddAVX(dst, x *float64, n int, d, c float64)
// dst = sqrt(x)/d + c, four lanes at a time; n a multiple of 4.
TEXT ·sqrtDivAddAVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD d+24(FP), Y8
	VBROADCASTSD c+32(FP), Y9

sdaloop:
	CMPQ CX, $4
	JLT  sdadone
	VMOVUPD (SI), Y0
	VSQRTPD Y0, Y0
	VDIVPD  Y8, Y0, Y0 // sqrt(x)/d
	VADDPD  Y9, Y0, Y0 // + c
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	SUBQ    $4, CX
	JMP     sdaloop

sdadone:
	VZEROUPPER
	RET

// func addCDivSqrtAVX(p, m, s *float64, n int, v, d, c float64)
// p = p + (v*m)/(sqrt(s)/d + c), four lanes at a time; n a multiple of 4.
TEXT ·addCDivSqrtAVX(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), DI
	MOVQ m+8(FP), SI
	MOVQ s+16(FP), R8
	MOVQ n+24(FP), CX
	VBROADCASTSD v+32(FP), Y7
	VBROADCASTSD d+40(FP), Y8
	VBROADCASTSD c+48(FP), Y9

acdsloop:
	CMPQ CX, $4
	JLT  acdsdone
	VMOVUPD (R8), Y0
	VSQRTPD Y0, Y0
	VDIVPD  Y8, Y0, Y0 // sqrt(s)/d
	VADDPD  Y9, Y0, Y0 // + c
	VMOVUPD (SI), Y1
	VMULPD  Y7, Y1, Y1 // v*m
	VDIVPD  Y0, Y1, Y1 // / denom
	VMOVUPD (DI), Y2
	VADDPD  Y1, Y2, Y2 // p + ...
	VMOVUPD Y2, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     acdsloop

acdsdone:
	VZEROUPPER
	RET

// func momentsAVX(m, v, grad *float64, n int, b1, c1, b2, c2 float64)
// m = m*b1 + c1*g; v = v*b2 + (c2*g)*g, four lanes at a time; n a multiple of 4.
TEXT ·momentsAVX(SB), NOSPLIT, $0-64
	MOVQ m+0(FP), DI
	MOVQ v+8(FP), SI
	MOVQ grad+16(FP), R8
	MOVQ n+24(FP), CX
	VBROADCASTSD b1+32(FP), Y8
	VBROADCASTSD c1+40(FP), Y9
	VBROADCASTSD b2+48(FP), Y10
	VBROADCASTSD c2+56(FP), Y11

momloop:
	CMPQ CX, $4
	JLT  momdone
	VMOVUPD (R8), Y1
	VMOVUPD (DI), Y2
	VMULPD  Y8, Y2, Y2 // m*b1
	VMULPD  Y9, Y1, Y3 // c1*g
	VADDPD  Y3, Y2, Y2 // m*b1 + c1*g
	VMOVUPD Y2, (DI)
	VMOVUPD (SI), Y4
	VMULPD  Y10, Y4, Y4 // v*b2
	VMULPD  Y11, Y1, Y5 // c2*g
	VMULPD  Y1, Y5, Y5  // (c2*g)*g
	VADDPD  Y5, Y4, Y4  // v*b2 + (c2*g)*g
	VMOVUPD Y4, (SI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     momloop

momdone:
	VZEROUPPER
	RET
