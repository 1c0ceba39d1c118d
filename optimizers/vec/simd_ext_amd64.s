//go:build amd64 && !purego

#include "textflag.h"

// Kernels of the optimizers beyond torch.optim, four float64 lanes per instruction with
// AVX2 and FMA3. Each mirrors its Go loop operation for operation (see simd_ext.go); the
// coefficients are read as 32-byte memory operands from the consts block in AX, whose
// offsets TestExtConstsLayout checks. Go's operand order is the reverse of Intel's:
// VFMADD231PD a, b, c computes c = b*a + c; VSUBPD a, b, c and VDIVPD a, b, c compute
// c = b-a and c = b/a.

// func hasAVX2FMA() bool
TEXT ·hasAVX2FMA(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x1000, CX // FMA (leaf 1, ECX bit 12)
	JZ   no
	MOVL $7, AX
	XORL CX, CX
	CPUID
	ANDL $0x20, BX   // AVX2 (leaf 7, EBX bit 5)
	JZ   no
	MOVB $1, ret+0(FP)
	RET
no:
	MOVB $0, ret+0(FP)
	RET

// func yogiAVX(p, g, m, v *float64, n int, k *yogiConsts)
TEXT ·yogiAVX(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	MOVQ 288(AX), R10 // wdOn
	VXORPD Y15, Y15, Y15

yogiloop:
	CMPQ CX, $4
	JLT  yogidone
	VMOVUPD (DI), Y0 // p
	VMOVUPD (SI), Y1 // g
	TESTQ   R10, R10
	JZ      yoginowd
	VFMADD231PD 0(AX), Y0, Y1 // g = wd*p + g

yoginowd:
	VMOVUPD (R8), Y2
	VMULPD  32(AX), Y2, Y2    // m*b1
	VFMADD231PD 64(AX), Y1, Y2 // m = c1*g + m*b1
	VMOVUPD Y2, (R8)
	VMULPD  Y1, Y1, Y3        // gsq = g*g
	VMOVUPD (R9), Y4          // v
	VSUBPD  Y3, Y4, Y5        // d = v - gsq
	VCMPPD  $0x1e, Y15, Y5, Y6 // d > 0
	VCMPPD  $0x11, Y15, Y5, Y7 // d < 0
	VANDPD  224(AX), Y6, Y6   // 1 where d > 0
	VANDPD  256(AX), Y7, Y7   // -1 where d < 0
	VORPD   Y7, Y6, Y6        // sign(d), +0 for 0 and NaN
	VMULPD  96(AX), Y6, Y6    // nc2*sign
	VFMADD231PD Y3, Y6, Y4    // v = (nc2*sign)*gsq + v
	VMOVUPD Y4, (R9)
	VSQRTPD Y4, Y4
	VDIVPD  160(AX), Y4, Y4   // sqrt(v)/bc2s
	VADDPD  192(AX), Y4, Y4   // + eps
	VMULPD  128(AX), Y2, Y2   // nss*m
	VDIVPD  Y4, Y2, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $4, CX
	JMP     yogiloop

yogidone:
	VZEROUPPER
	RET

// func adaboundAVX(p, g, m, v, vmax *float64, n int, k *adaboundConsts)
TEXT ·adaboundAVX(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ vmax+32(FP), R12
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	MOVQ 288(AX), R10 // wdOn
	MOVQ 296(AX), R11 // amsOn

abloop:
	CMPQ CX, $4
	JLT  abdone
	VMOVUPD (DI), Y0 // p
	VMOVUPD (SI), Y1 // g
	TESTQ   R10, R10
	JZ      abnowd
	VFMADD231PD 0(AX), Y0, Y1 // g = wd*p + g

abnowd:
	VMOVUPD (R8), Y2
	VMULPD  32(AX), Y2, Y2     // m*b1
	VFMADD231PD 64(AX), Y1, Y2 // m = c1*g + m*b1
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y4
	VMULPD  96(AX), Y4, Y4     // v*b2
	VMULPD  128(AX), Y1, Y3    // c2*g
	VFMADD231PD Y1, Y3, Y4     // v = (c2*g)*g + v*b2
	VMOVUPD Y4, (R9)
	TESTQ   R11, R11
	JZ      abnoams
	VMOVUPD (R12), Y5          // vmax
	VMAXPD  Y4, Y5, Y6         // vmax > v ? vmax : v (v when either is NaN)
	VCMPPD  $3, Y5, Y5, Y7     // vmax is NaN
	VBLENDVPD Y7, Y5, Y6, Y4   // then keep the NaN vmax, as maxNaN does
	VMOVUPD Y4, (R12)
	ADDQ    $32, R12

abnoams:
	VSQRTPD Y4, Y4
	VADDPD  256(AX), Y4, Y4    // sqrt(v) + eps
	VMOVUPD 160(AX), Y5
	VDIVPD  Y4, Y5, Y5         // ss/denom
	VMOVUPD 192(AX), Y6
	VMAXPD  Y5, Y6, Y5         // lo > x ? lo : x (x when NaN)
	VMOVUPD 224(AX), Y6
	VMINPD  Y5, Y6, Y5         // hi < x ? hi : x
	VMULPD  Y2, Y5, Y5         // t = clamp(...)*m
	VSUBPD  Y5, Y0, Y0         // p + (-t) == p - t
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $4, CX
	JMP     abloop

abdone:
	VZEROUPPER
	RET

// func qhadamAVX(p, g, m, v *float64, n int, k *qhadamConsts)
TEXT ·qhadamAVX(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	MOVQ 384(AX), R10 // decayOn
	MOVQ 392(AX), R11 // wdOn
	MOVQ 400(AX), R12 // d1On
	MOVQ 408(AX), R13 // d2On
	MOVQ 416(AX), R14 // epsOn

qhloop:
	CMPQ CX, $4
	JLT  qhdone
	VMOVUPD (DI), Y0 // p
	TESTQ   R10, R10
	JZ      qhnodecay
	VMULPD  0(AX), Y0, Y0 // p*keep

qhnodecay:
	VMOVUPD (SI), Y1 // g
	TESTQ   R11, R11
	JZ      qhnowd
	VFMADD231PD 32(AX), Y0, Y1 // g = wd*p + g

qhnowd:
	VMULPD  Y1, Y1, Y3          // gsq
	VMOVUPD (R8), Y2
	VMULPD  64(AX), Y2, Y2      // m*a1
	VFMADD231PD 96(AX), Y1, Y2  // m = c1*g + m*a1
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y4
	VMULPD  128(AX), Y4, Y4     // v*a2
	VFMADD231PD 160(AX), Y3, Y4 // v = c2*gsq + v*a2
	VMOVUPD Y4, (R9)
	VMULPD  192(AX), Y2, Y2     // ag = m*nu1
	TESTQ   R12, R12
	JZ      qhnod1
	VFMADD231PD 224(AX), Y1, Y2 // ag = d1*g + ag

qhnod1:
	VMULPD  256(AX), Y4, Y4     // ar = v*nu2
	TESTQ   R13, R13
	JZ      qhnod2
	VFMADD231PD 288(AX), Y3, Y4 // ar = d2*gsq + ar

qhnod2:
	VSQRTPD Y4, Y4
	TESTQ   R14, R14
	JZ      qhnoeps
	VADDPD  352(AX), Y4, Y4

qhnoeps:
	VMULPD  320(AX), Y2, Y2     // (-lr)*ag
	VDIVPD  Y4, Y2, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $4, CX
	JMP     qhloop

qhdone:
	VZEROUPPER
	RET

// func madgradAVX(p, g, gss, s, x0 *float64, n int, k *madgradConsts) int
TEXT ·madgradAVX(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ gss+16(FP), R8
	MOVQ s+24(FP), R9
	MOVQ x0+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	MOVQ 480(AX), R10 // wdOn
	XORQ DX, DX       // elements done
	VMOVDQU 448(AX), Y15 // dword permutation 0,2,4,6

mgloop:
	MOVQ CX, BX
	SUBQ DX, BX
	CMPQ BX, $4
	JLT  mgdone
	VMOVUPD (DI), Y0 // p
	VMOVUPD (SI), Y1 // g
	TESTQ   R10, R10
	JZ      mgnowd
	VFMADD231PD 0(AX), Y0, Y1 // g = wd*p + g

mgnowd:
	VMULPD  32(AX), Y1, Y2     // lamb*g
	VMOVUPD (R8), Y3
	VFMADD231PD Y1, Y2, Y3     // q = (lamb*g)*g + gss
	// Stop before this group if any q needs PowThird's scalar path.
	VCMPPD  $0x1d, 288(AX), Y3, Y4 // q >= lo
	VCMPPD  $0x12, 320(AX), Y3, Y5 // q <= hi
	VANDPD  Y5, Y4, Y4
	VMOVMSKPD Y4, BX
	CMPQ    BX, $15
	JNE     mgdone
	VMOVUPD Y3, (R8)

	// cbrtNewton(q): initial guess from the high words, three Newton steps for q^(-1/3).
	VPSRLQ  $32, Y3, Y4        // hi words
	VPMULUDQ 416(AX), Y4, Y5   // hi * 0xAAAAAAAB
	VPSRLQ  $33, Y5, Y5        // hi/3
	VMOVDQU 384(AX), Y6
	VPSUBQ  Y5, Y6, Y6         // magic - hi/3
	VPSLLQ  $32, Y6, Y6        // r
	MOVQ    $2, BX

mgnewton:
	VMULPD  Y6, Y3, Y7         // xr = q*r
	VMULPD  Y6, Y6, Y8         // r2 = r*r
	VMOVUPD 192(AX), Y9        // 1
	VFNMADD231PD Y8, Y7, Y9    // e = -(xr*r2) + 1
	VMOVUPD 160(AX), Y10       // third
	VFMADD231PD 488(AX), Y9, Y10 // c = e*(2/9) + third
	VMULPD  Y9, Y6, Y11        // re = r*e
	VFMADD231PD Y10, Y11, Y6   // r = re*c + r
	DECQ    BX
	JNZ     mgnewton

	VMULPD  Y6, Y3, Y7         // y = q*r
	VMULPD  Y6, Y7, Y7         // y = y*r
	VMULPD  Y7, Y7, Y8         // h = y*y
	VMOVAPD Y8, Y9
	VFMSUB231PD Y7, Y7, Y9     // l = y*y - h
	VMOVAPD Y3, Y10
	VFMSUB231PD Y7, Y8, Y10    // d = h*y - q
	VFMADD231PD Y7, Y9, Y10    // d = l*y + d
	VMULPD  Y6, Y6, Y11        // w = r*r
	VMULPD  160(AX), Y11, Y11  // w = w*third
	VFNMADD231PD Y11, Y10, Y7  // y = -(d*w) + y

	// powThirdDelta: y = c*y + y, c = hi*k1 + k0 with hi the high word as an int32.
	VPERMD  Y4, Y15, Y12       // the four high words into the low 128 bits
	VCVTDQ2PD X12, Y12
	VMOVUPD 256(AX), Y13       // k0
	VFMADD231PD 224(AX), Y12, Y13 // c = k1*hi + k0
	VFMADD231PD Y7, Y13, Y7    // y = c*y + y

	VADDPD  64(AX), Y7, Y7     // rms = y + eps
	VMOVUPD (R9), Y8
	VFMADD231PD 32(AX), Y1, Y8 // s = lamb*g + s
	VMOVUPD Y8, (R9)
	VXORPD  352(AX), Y8, Y8    // -s
	VDIVPD  Y7, Y8, Y8         // (-s)/rms
	VADDPD  (R11), Y8, Y8      // z = x0 + (-s)/rms
	VMULPD  128(AX), Y0, Y0    // p*keep
	VFMADD231PD 96(AX), Y8, Y0 // p = ck*z + p*keep
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R11
	ADDQ    $4, DX
	JMP     mgloop

mgdone:
	MOVQ DX, ret+56(FP)
	VZEROUPPER
	RET

// func normSqAVX(x *float64, n int, acc *[16]float64)
TEXT ·normSqAVX(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ acc+16(FP), AX
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3

nsloop:
	CMPQ CX, $16
	JLT  nsdone
	VMOVUPD (SI), Y4
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VFMADD231PD Y4, Y4, Y0
	VFMADD231PD Y5, Y5, Y1
	VFMADD231PD Y6, Y6, Y2
	VFMADD231PD Y7, Y7, Y3
	ADDQ    $128, SI
	SUBQ    $16, CX
	JMP     nsloop

nsdone:
	VMOVUPD Y0, 0(AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

// func lambMomentsAVX(p, g, m, v *float64, n int, k *lambConsts, accP, accA *[8]float64)
TEXT ·lambMomentsAVX(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	MOVQ accP+48(FP), R11
	MOVQ accA+56(FP), R12
	MOVQ 224(AX), R10 // wdOn
	VMOVUPD 0(R11), Y12
	VMOVUPD 32(R11), Y13
	VMOVUPD 0(R12), Y14
	VMOVUPD 32(R12), Y15
	XORQ BX, BX       // byte offset of the second half

lmloop:
	CMPQ CX, $8
	JLT  lmdone
	// first four
	VMOVUPD (DI), Y0
	VMOVUPD (SI), Y1
	VMOVUPD (R8), Y2
	VMULPD  0(AX), Y2, Y2      // m*b1
	VFMADD231PD 32(AX), Y1, Y2 // m = c1*g + m*b1
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y3
	VMULPD  64(AX), Y3, Y3     // v*b2
	VMULPD  96(AX), Y1, Y4     // c2*g
	VFMADD231PD Y1, Y4, Y3     // v = (c2*g)*g + v*b2
	VMOVUPD Y3, (R9)
	VSQRTPD Y3, Y3
	VADDPD  128(AX), Y3, Y3
	VDIVPD  Y3, Y2, Y2         // a = m/(sqrt(v)+eps)
	TESTQ   R10, R10
	JZ      lmnowd1
	VFMADD231PD 160(AX), Y0, Y2 // a = wd*p + a

lmnowd1:
	VFMADD231PD Y0, Y0, Y12
	VFMADD231PD Y2, Y2, Y14
	// second four
	VMOVUPD 32(DI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 32(R8), Y2
	VMULPD  0(AX), Y2, Y2
	VFMADD231PD 32(AX), Y1, Y2
	VMOVUPD Y2, 32(R8)
	VMOVUPD 32(R9), Y3
	VMULPD  64(AX), Y3, Y3
	VMULPD  96(AX), Y1, Y4
	VFMADD231PD Y1, Y4, Y3
	VMOVUPD Y3, 32(R9)
	VSQRTPD Y3, Y3
	VADDPD  128(AX), Y3, Y3
	VDIVPD  Y3, Y2, Y2
	TESTQ   R10, R10
	JZ      lmnowd2
	VFMADD231PD 160(AX), Y0, Y2

lmnowd2:
	VFMADD231PD Y0, Y0, Y13
	VFMADD231PD Y2, Y2, Y15
	ADDQ    $64, DI
	ADDQ    $64, SI
	ADDQ    $64, R8
	ADDQ    $64, R9
	SUBQ    $8, CX
	JMP     lmloop

lmdone:
	VMOVUPD Y12, 0(R11)
	VMOVUPD Y13, 32(R11)
	VMOVUPD Y14, 0(R12)
	VMOVUPD Y15, 32(R12)
	VZEROUPPER
	RET

// func lambApplyAVX(p, m, v *float64, n int, k *lambConsts)
TEXT ·lambApplyAVX(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ m+8(FP), R8
	MOVQ v+16(FP), R9
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	MOVQ 224(AX), R10 // wdOn

laloop:
	CMPQ CX, $4
	JLT  ladone
	VMOVUPD (DI), Y0
	VMOVUPD (R9), Y3
	VSQRTPD Y3, Y3
	VADDPD  128(AX), Y3, Y3
	VMOVUPD (R8), Y2
	VDIVPD  Y3, Y2, Y2         // a = m/(sqrt(v)+eps)
	TESTQ   R10, R10
	JZ      lanowd
	VFMADD231PD 160(AX), Y0, Y2 // a = wd*p + a

lanowd:
	VFMADD231PD 192(AX), Y2, Y0 // p = scale*a + p
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $4, CX
	JMP     laloop

ladone:
	VZEROUPPER
	RET

// func novogradAVX(p, g, m *float64, n int, k *novogradConsts)
TEXT ·novogradAVX(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	MOVQ 160(AX), R10 // wdOn

ngloop:
	CMPQ CX, $4
	JLT  ngdone
	VMOVUPD (DI), Y0
	VMOVUPD (SI), Y1
	VDIVPD  0(AX), Y1, Y1      // g/denom
	TESTQ   R10, R10
	JZ      ngnowd
	VFMADD231PD 32(AX), Y0, Y1 // g = wd*p + g

ngnowd:
	VMULPD  64(AX), Y1, Y1     // g*avg
	VMOVUPD (R8), Y2
	VMULPD  96(AX), Y2, Y2     // m*b1
	VADDPD  Y1, Y2, Y2         // m = m*b1 + g
	VMOVUPD Y2, (R8)
	VFMADD231PD 128(AX), Y2, Y0 // p = (-lr)*m + p
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     ngloop

ngdone:
	VZEROUPPER
	RET

// func sfAdamAVX(p, g, z, x, y, v *float64, n int, k *sfAdamConsts)
TEXT ·sfAdamAVX(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ z+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ y+32(FP), R11
	MOVQ v+40(FP), R12
	MOVQ n+48(FP), CX
	MOVQ k+56(FP), AX
	MOVQ 320(AX), R10 // decayOn

saloop:
	CMPQ CX, $4
	JLT  sadone
	VMOVUPD (SI), Y1 // g
	VMOVUPD (R8), Y2 // z
	CMPQ    R10, $1
	JLT     sanodecay
	JGT     sadecayz
	VMOVUPD (DI), Y0
	VFMADD231PD 0(AX), Y0, Y2 // z = ndecay*y + z
	JMP     sanodecay

sadecayz:
	VFMADD231PD 0(AX), Y2, Y2 // z = ndecay*z + z

sanodecay:
	VMOVUPD (R12), Y3
	VMULPD  64(AX), Y3, Y3     // v*b2
	VMULPD  32(AX), Y1, Y4     // c2*g
	VFMADD231PD Y1, Y4, Y3     // v = (c2*g)*g + v*b2
	VMOVUPD Y3, (R12)
	VDIVPD  96(AX), Y3, Y3     // v/bc2
	VSQRTPD Y3, Y3
	VADDPD  128(AX), Y3, Y3    // denom
	VMULPD  160(AX), Y1, Y1    // (-lr)*g
	VDIVPD  Y3, Y1, Y1
	VADDPD  Y1, Y2, Y2         // z = z + ...
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y4
	VMULPD  224(AX), Y4, Y4    // x*(1-ckp1)
	VFMADD231PD 192(AX), Y2, Y4 // x = ckp1*z + x*keep
	VMOVUPD Y4, (R9)
	VMULPD  288(AX), Y4, Y4    // x*b1
	VFMADD231PD 256(AX), Y2, Y4 // y = c1*z + x*b1
	VMOVUPD Y4, (R11)
	VMOVUPD Y4, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R11
	ADDQ    $32, R12
	SUBQ    $4, CX
	JMP     saloop

sadone:
	VZEROUPPER
	RET

// func sfSGDAVX(p, g, z, x, y *float64, n int, k *sfSGDConsts)
TEXT ·sfSGDAVX(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ z+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ y+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	MOVQ 192(AX), R10 // wdOn

ssloop:
	CMPQ CX, $4
	JLT  ssdone
	VMOVUPD (SI), Y1
	TESTQ   R10, R10
	JZ      ssnowd
	VMOVUPD (DI), Y0
	VFMADD231PD 0(AX), Y0, Y1 // g = wd*y + g

ssnowd:
	VMOVUPD (R8), Y2
	VFMADD231PD 32(AX), Y1, Y2 // z = (-lr)*g + z
	VMOVUPD Y2, (R8)
	VMOVUPD (R9), Y4
	VMULPD  96(AX), Y4, Y4     // x*keep
	VFMADD231PD 64(AX), Y2, Y4 // x = ckp1*z + x*keep
	VMOVUPD Y4, (R9)
	VMULPD  160(AX), Y4, Y4    // x*b1
	VFMADD231PD 128(AX), Y2, Y4 // y = c1*z + x*b1
	VMOVUPD Y4, (R11)
	VMOVUPD Y4, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R11
	SUBQ    $4, CX
	JMP     ssloop

ssdone:
	VZEROUPPER
	RET

// func larsAVX(p, g, buf *float64, n int, k *larsConsts)
TEXT ·larsAVX(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ buf+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	MOVQ 160(AX), R10 // scaled
	MOVQ 168(AX), R11 // nesterov

lsloop:
	CMPQ CX, $4
	JLT  lsdone
	VMOVUPD (DI), Y0
	VMOVUPD (SI), Y1           // d = g
	TESTQ   R10, R10
	JZ      lsnoscale
	VFMADD231PD 0(AX), Y0, Y1  // d = wd*p + d
	VMULPD  32(AX), Y1, Y1     // d = d*scale

lsnoscale:
	VMOVUPD (R8), Y2
	VMULPD  64(AX), Y2, Y2     // buf*momentum
	VFMADD231PD 96(AX), Y1, Y2 // buf = (1-dampening)*d + buf*momentum
	VMOVUPD Y2, (R8)
	TESTQ   R11, R11
	JZ      lsplain
	VFMADD231PD 64(AX), Y2, Y1 // d = momentum*buf + d
	VMOVAPD Y1, Y2

lsplain:
	VFMADD231PD 128(AX), Y2, Y0 // p = (-lr)*d + p
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	SUBQ    $4, CX
	JMP     lsloop

lsdone:
	VZEROUPPER
	RET

// func hasAVX512F() bool
TEXT ·hasAVX512F(SB), NOSPLIT, $0-1
	MOVL $7, AX
	XORL CX, CX
	CPUID
	ANDL $0x10000, BX // AVX512F (leaf 7, EBX bit 16)
	JZ   no512
	XORL CX, CX
	XGETBV            // XCR0: the OS saves opmask, ZMM_Hi256 and Hi16_ZMM (bits 5-7) and YMM (1-2)
	ANDL $0xe6, AX
	CMPL AX, $0xe6
	JNE  no512
	MOVB $1, ret+0(FP)
	RET
no512:
	MOVB $0, ret+0(FP)
	RET

// func madgradAVX512(p, g, gss, s, x0 *float64, n int, k *madgrad512Consts) int
// madgradAVX with eight lanes; the consts block has 64-byte lanes.
TEXT ·madgradAVX512(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ gss+16(FP), R8
	MOVQ s+24(FP), R9
	MOVQ x0+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	MOVQ 960(AX), R10 // wdOn
	XORQ DX, DX       // elements done
	VMOVDQU64 896(AX), Z15 // dword permutation 0,2,...,14

m5loop:
	MOVQ CX, BX
	SUBQ DX, BX
	CMPQ BX, $8
	JLT  m5done
	VMOVUPD (DI), Z0 // p
	VMOVUPD (SI), Z1 // g
	TESTQ   R10, R10
	JZ      m5nowd
	VFMADD231PD 0(AX), Z0, Z1 // g = wd*p + g

m5nowd:
	VMULPD  64(AX), Z1, Z2     // lamb*g
	VMOVUPD (R8), Z3
	VFMADD231PD Z1, Z2, Z3     // q = (lamb*g)*g + gss
	VCMPPD  $0x1d, 576(AX), Z3, K1     // q >= lo
	VCMPPD  $0x12, 640(AX), Z3, K1, K2 // and q <= hi
	KMOVW   K2, BX
	CMPQ    BX, $0xff
	JNE     m5done
	VMOVUPD Z3, (R8)

	VPSRLQ  $32, Z3, Z4        // hi words
	VPMULUDQ 832(AX), Z4, Z5   // hi * 0xAAAAAAAB
	VPSRLQ  $33, Z5, Z5        // hi/3
	VMOVDQU64 768(AX), Z6
	VPSUBQ  Z5, Z6, Z6         // magic - hi/3
	VPSLLQ  $32, Z6, Z6        // r
	MOVQ    $2, BX

m5newton:
	VMULPD  Z6, Z3, Z7         // xr = q*r
	VMULPD  Z6, Z6, Z8         // r2 = r*r
	VMOVUPD 384(AX), Z9        // 1
	VFNMADD231PD Z8, Z7, Z9    // e = -(xr*r2) + 1
	VMOVUPD 320(AX), Z10       // third
	VFMADD231PD 968(AX), Z9, Z10 // c = e*(2/9) + third
	VMULPD  Z9, Z6, Z11        // re = r*e
	VFMADD231PD Z10, Z11, Z6   // r = re*c + r
	DECQ    BX
	JNZ     m5newton

	VMULPD  Z6, Z3, Z7         // y = q*r
	VMULPD  Z6, Z7, Z7         // y = y*r
	VMULPD  Z7, Z7, Z8         // h = y*y
	VMOVAPD Z8, Z9
	VFMSUB231PD Z7, Z7, Z9     // l = y*y - h
	VMOVAPD Z3, Z10
	VFMSUB231PD Z7, Z8, Z10    // d = h*y - q
	VFMADD231PD Z7, Z9, Z10    // d = l*y + d
	VMULPD  Z6, Z6, Z11        // w = r*r
	VMULPD  320(AX), Z11, Z11  // w = w*third
	VFNMADD231PD Z11, Z10, Z7  // y = -(d*w) + y

	VPERMD  Z4, Z15, Z12       // the eight high words into the low 256 bits
	VCVTDQ2PD Y12, Z12
	VMOVUPD 512(AX), Z13       // k0
	VFMADD231PD 448(AX), Z12, Z13 // c = k1*hi + k0
	VFMADD231PD Z7, Z13, Z7    // y = c*y + y

	VADDPD  128(AX), Z7, Z7    // rms = y + eps
	VMOVUPD (R9), Z8
	VFMADD231PD 64(AX), Z1, Z8 // s = lamb*g + s
	VMOVUPD Z8, (R9)
	VPXORQ  704(AX), Z8, Z8    // -s
	VDIVPD  Z7, Z8, Z8         // (-s)/rms
	VADDPD  (R11), Z8, Z8      // z = x0 + (-s)/rms
	VMULPD  256(AX), Z0, Z0    // p*keep
	VFMADD231PD 192(AX), Z8, Z0 // p = ck*z + p*keep
	VMOVUPD Z0, (DI)
	ADDQ    $64, DI
	ADDQ    $64, SI
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, R11
	ADDQ    $8, DX
	JMP     m5loop

m5done:
	MOVQ DX, ret+56(FP)
	VZEROUPPER
	RET

// func sumSquaresAVX(x *float64, n int, acc *[16]float64)
TEXT ·sumSquaresAVX(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ acc+16(FP), AX
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3

ssqloop:
	CMPQ CX, $16
	JLT  ssqdone
	VMOVUPD (SI), Y4
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VMULPD  Y4, Y4, Y4
	VMULPD  Y5, Y5, Y5
	VMULPD  Y6, Y6, Y6
	VMULPD  Y7, Y7, Y7
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VADDPD  Y6, Y2, Y2
	VADDPD  Y7, Y3, Y3
	ADDQ    $128, SI
	SUBQ    $16, CX
	JMP     ssqloop

ssqdone:
	VMOVUPD Y0, 0(AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VZEROUPPER
	RET

// func normsSqAVX(x, y *float64, n int, accX, accY *[16]float64)
// normSqAVX of x and of y in one loop, so that both streams are read together.
TEXT ·normsSqAVX(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ accX+24(FP), AX
	MOVQ accY+32(FP), BX
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3
	VMOVUPD 0(BX), Y8
	VMOVUPD 32(BX), Y9
	VMOVUPD 64(BX), Y10
	VMOVUPD 96(BX), Y11

n2loop:
	CMPQ CX, $16
	JLT  n2done
	VMOVUPD (SI), Y4
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VMOVUPD (DI), Y12
	VMOVUPD 32(DI), Y13
	VMOVUPD 64(DI), Y14
	VMOVUPD 96(DI), Y15
	VFMADD231PD Y4, Y4, Y0
	VFMADD231PD Y12, Y12, Y8
	VFMADD231PD Y5, Y5, Y1
	VFMADD231PD Y13, Y13, Y9
	VFMADD231PD Y6, Y6, Y2
	VFMADD231PD Y14, Y14, Y10
	VFMADD231PD Y7, Y7, Y3
	VFMADD231PD Y15, Y15, Y11
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $16, CX
	JMP     n2loop

n2done:
	VMOVUPD Y0, 0(AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VMOVUPD Y8, 0(BX)
	VMOVUPD Y9, 32(BX)
	VMOVUPD Y10, 64(BX)
	VMOVUPD Y11, 96(BX)
	VZEROUPPER
	RET
