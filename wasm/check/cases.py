# Cases for wasm/check/run.sh: decimal strings for strtod, one a line.
# Usage: cases.py seed out [draws]   (draws default 200000: about 640,000 cases)
import random
import struct
import sys
from fractions import Fraction

random.seed(int(sys.argv[1]))
out = []


def digits_of(fr, count):
    """The first `count` significant digits of fr > 0 as d.ddd...e<exp>; and whether more follow."""
    e = len(str(fr.numerator)) - len(str(fr.denominator))
    while fr / Fraction(10) ** e >= 10:
        e += 1
    while fr / Fraction(10) ** e < 1:
        e -= 1
    m = fr / Fraction(10) ** e
    s = ''
    for _ in range(count):
        d = int(m)
        s += str(d)
        m = (m - d) * 10
    return s[0] + '.' + s[1:] + 'e' + str(e), m != 0


def double(bits):
    return struct.unpack('<d', struct.pack('<Q', bits))[0]


for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 200000):
    kind = random.random()
    if kind < 0.3:  # random digits, a random radix point, maybe an exponent
        n = random.randint(1, 25)
        digits = ''.join(random.choice('0123456789') for _ in range(n))
        pos = random.randint(0, n)
        s = digits[:pos] + ('.' if pos < n else '') + digits[pos:]
        if s.startswith('.'):
            s = '0' + s
        if random.random() < 0.5:
            s += 'e' + str(random.randint(-330, 310))
        out.append(s)
    elif kind < 0.7:  # halfway between two doubles (1 in 10 subnormal): exact, cut, +-1
        bits = random.getrandbits(52 if random.random() < 0.1 else 63)
        lo, hi = double(bits), double(bits + 1)
        if lo != lo or hi != hi or hi == float('inf'):
            continue
        mid = (Fraction(lo) + Fraction(hi)) / 2
        s, more = digits_of(mid, random.choice([17, 20, 30, 60, 120, 800]))
        out.append(s)
        num, den = mid.numerator, mid.denominator
        k = 0
        while den % 2 == 0 and (num * 10 ** k) % den != 0 and k < 1200:
            k += 1
        if (num * 10 ** k) % den == 0:
            v = num * 10 ** k // den
            out += [f'{v}e-{k}', f'{v + 1}e-{k}', f'{v - 1}e-{k}', f'{v}0000000000000000000001e-{k + 22}']
    else:  # shortest and long forms of random doubles
        d = double(random.getrandbits(64))
        if d != d:
            continue
        out += [repr(d), '%.17g' % d, '%.15g' % d]

out += ['0', '-0', '0.0', '1', '-1', '1e', '1e+', '1e-', '1.5x', '.5', '5.', '-', '', '  12', '\t-3.25e2',
        'inf', '-Infinity', 'infin', 'nan', 'nan(abc)', 'nan(', 'NaN(1_a)', '1e400', '-1e400', '1e-400',
        '2.4703282292062327e-324', '2.4703282292062328e-324', '4.9406564584124654e-324',
        '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308',
        '179769313486231580793728971405301e276', '9007199254740993', '9007199254740992.5',
        '9007199254740993.0000000000000001', '123456789012345678901234567890', '0.' + '0' * 500 + '1',
        '1' + '0' * 1500, '1' * 1300 + 'e-1000', '0.000000000000000000000000000000000001e36', '1' * 2000,
        '2.2250738585072011e-308', '2.2250738585072012e-308',
        '2.225073858507201136057409796709131975934819546351645648e-308', '1e23', '8.589973e9', '1e-5',
        '1.00000005960464477550', '7.0385307e-26', '00012.5', '0e0', '0e-99999',
        '1e99999999999999999999', '1e-99999999999999999999']
with open(sys.argv[2], 'w') as f:
    f.write('\n'.join(out) + '\n')
print(len(out), 'cases')
