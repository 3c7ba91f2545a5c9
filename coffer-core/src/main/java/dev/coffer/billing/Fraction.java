package dev.coffer.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An exact rational number, for money and GB-months. Dividing by the length of a month (29 or 31
 * days) has no finite decimal expansion, so amounts are kept as fractions and only turned into
 * decimals at the edge: {@link #round} (the billed figure, rounded once) or {@link #toDecimal}
 * (a figure to show, exact whenever it terminates).
 *
 * <p>Always reduced, with a positive denominator, so {@link #equals} compares values.
 */
public final class Fraction implements Comparable<Fraction> {
    public static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

    /** Significant digits of {@link #toDecimal} when the decimal does not terminate (IEEE decimal128's). */
    public static final MathContext DISPLAY = new MathContext(34, RoundingMode.HALF_UP);

    private static final BigInteger TWO = BigInteger.TWO;
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Fraction(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    public static Fraction of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) throw new ArithmeticException("division by zero");
        if (numerator.signum() == 0) return ZERO;
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger gcd = numerator.gcd(denominator);
        return gcd.equals(BigInteger.ONE)
                ? new Fraction(numerator, denominator)
                : new Fraction(numerator.divide(gcd), denominator.divide(gcd));
    }

    public static Fraction of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** The exact value of a decimal. */
    public static Fraction of(BigDecimal value) {
        if (value.scale() <= 0)
            return of(value.unscaledValue().multiply(BigInteger.TEN.pow(-value.scale())), BigInteger.ONE);
        return of(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
    }

    public BigInteger numerator() {
        return numerator;
    }

    public BigInteger denominator() {
        return denominator;
    }

    public int signum() {
        return numerator.signum();
    }

    public Fraction add(Fraction other) {
        if (other.signum() == 0) return this;
        if (signum() == 0) return other;
        return of(
                numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Fraction multiply(Fraction other) {
        if (signum() == 0 || other.signum() == 0) return ZERO;
        return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    public Fraction multiply(BigDecimal factor) {
        return multiply(of(factor));
    }

    /** Whether the value has a finite decimal expansion (the denominator has no factor but 2 and 5). */
    public boolean terminates() {
        return strip(strip(denominator, TWO), FIVE).equals(BigInteger.ONE);
    }

    /**
     * The value as a decimal: exact when it terminates, otherwise rounded half-up to
     * {@link #DISPLAY} (34) significant digits. For showing figures, never for billing.
     */
    public BigDecimal toDecimal() {
        if (!terminates()) return new BigDecimal(numerator).divide(new BigDecimal(denominator), DISPLAY);
        int twos = count(denominator, TWO);
        int fives = count(denominator, FIVE);
        int scale = Math.max(twos, fives);
        BigInteger scaledUp = numerator.multiply(BigInteger.TEN.pow(scale).divide(denominator));
        return new BigDecimal(scaledUp, scale);
    }

    /** The value rounded once to {@code scale} decimals; BigDecimal rounds the exact quotient. */
    public BigDecimal round(int scale, RoundingMode mode) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), scale, mode);
    }

    /** The value in dollars rounded to the cent, half up: how every bill is rounded. */
    public BigDecimal toCents() {
        return round(2, RoundingMode.HALF_UP);
    }

    private static BigInteger strip(BigInteger value, BigInteger factor) {
        while (value.mod(factor).signum() == 0) value = value.divide(factor);
        return value;
    }

    private static int count(BigInteger value, BigInteger factor) {
        int n = 0;
        while (value.mod(factor).signum() == 0) {
            value = value.divide(factor);
            n++;
        }
        return n;
    }

    @Override
    public int compareTo(Fraction other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fraction f && numerator.equals(f.numerator) && denominator.equals(f.denominator);
    }

    @Override
    public int hashCode() {
        return numerator.hashCode() * 31 + denominator.hashCode();
    }

    /** {@code numerator/denominator}, or the integer alone. */
    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
