// The threshold search on a Taylor polynomial (models/polynomial_crossing.hpp): the first
// crossing of random polynomials against a dense long-double scan, and the adversarial
// cases: peaks a hair above and below the level, several crossings, a crossing at x = 1.
#include "models/polynomial_crossing.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace spikesim;

namespace {

long double value_at(const std::vector<double>& c, long double x) {
    long double sum = 0;
    for (std::size_t k = c.size(); k-- > 0;)
        sum = sum * x + c[k];
    return sum;
}

// The first x on a grid of `points` where p >= level, refined by bisection in long double;
// -1 if p stays below level at every grid point.
double scanned_crossing(const std::vector<double>& c, double level, int points = 200000) {
    long double previous = 0;
    for (int i = 1; i <= points; ++i) {
        const long double x = (long double)i / points;
        if (value_at(c, x) >= level) {
            long double lo = previous, hi = x;
            for (int b = 0; b < 80; ++b) {
                const long double m = (lo + hi) / 2;
                (value_at(c, m) >= level ? hi : lo) = m;
            }
            return double(hi);
        }
        previous = x;
    }
    return -1.0;
}

// The polynomial (x - r1)(x - r2)...(x - rm) scaled by a, plus b: its coefficients.
std::vector<double> from_roots(const std::vector<double>& roots, double a, double b) {
    std::vector<double> c{a};
    for (double r : roots) {
        std::vector<double> next(c.size() + 1, 0.0);
        for (std::size_t k = 0; k < c.size(); ++k) {
            next[k + 1] += c[k];
            next[k] -= r * c[k];
        }
        c = next;
    }
    c[0] += b;
    return c;
}

} // namespace

TEST_CASE("first_crossing: random polynomials, the first crossing a fine scan finds",
          "[polynomial_crossing]") {
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    int crossed = 0;
    for (int trial = 0; trial < 300; ++trial) {
        // Terms falling as a Taylor series' do, of either sign: rises, dips, wiggles.
        const int order = 2 + trial % 20;
        std::vector<double> c(order + 1);
        for (int k = 0; k <= order; ++k)
            c[k] = u(rng) * 4.0 / (1 + k * (trial % 3));
        const double level = c[0] + std::abs(u(rng)) * 2.0 + 1e-3;
        const double expected = scanned_crossing(c, level, 20000);
        const double found = first_crossing(c, level);
        INFO("trial " << trial << " expected " << expected << " found " << found);
        if (expected < 0) {
            // A grazing peak between grid points may still cross: then p must reach level.
            if (found >= 0) REQUIRE(value_at(c, found) >= level - 1e-12);
            continue;
        }
        ++crossed;
        REQUIRE(found >= 0);
        REQUIRE(found <= expected + 1e-12);
        // Nothing earlier: found is the scan's crossing, or an earlier one the grid stepped
        // over (which must then be real).
        if (found < expected - 1e-9)
            REQUIRE(value_at(c, found) >= level - 1e-12);
        else
            REQUIRE(std::abs(found - expected) < 1e-12);
    }
    REQUIRE(crossed > 100);
}

TEST_CASE("first_crossing: a peak 1e-9 above the level crosses, 1e-9 below does not",
          "[polynomial_crossing]") {
    for (double peak_at : {0.013, 0.4, 0.77, 0.999}) {
        // level - (x - peak_at)^2: a peak inside, between two points any sampler would use.
        for (double offset : {1e-9, -1e-9}) {
            const double level = 0.5;
            const auto c = from_roots({peak_at, peak_at}, -1.0, level + offset);
            const double found = first_crossing(c, level);
            INFO("peak at " << peak_at << " offset " << offset << " found " << found);
            if (offset > 0) {
                // The slope there is 6e-5: rounding of 1e-16 in p moves the root by 2e-12.
                REQUIRE(found >= peak_at - std::sqrt(offset) - 1e-10);
                REQUIRE(found <= peak_at + 1e-12);
                REQUIRE(value_at(c, found) >= level - 1e-15); // double's evaluation reached it
            } else {
                REQUIRE(found < 0);
            }
        }
    }
}

TEST_CASE("first_crossing: of several crossings, the first; at x = 1, found",
          "[polynomial_crossing]") {
    // Crosses upward at 0.2, down at 0.5, up at 0.8.
    const auto c = from_roots({0.2, 0.5, 0.8}, 1.0, 0.0);
    REQUIRE(c[0] < 0.0);
    REQUIRE(first_crossing(c, 0.0) == Approx(0.2).margin(1e-14));
    // The same shape raised: the first crossing moves, the second hump still counts.
    const auto d = from_roots({0.1, 0.15, 0.9}, 1.0, 0.0);
    REQUIRE(first_crossing(d, 0.0) == Approx(0.1).margin(1e-14));
    // Reaching the level exactly at the end.
    const std::vector<double> line{-1.0, 1.0};
    REQUIRE(first_crossing(line, 0.0) == 1.0);
    // Never reaching it.
    REQUIRE(first_crossing(std::vector<double>{-1.0, 0.5, 0.25}, 0.0) < 0.0);
    // More coefficients than a series has are refused, not read past.
    REQUIRE_THROWS_AS(first_crossing(std::vector<double>(49, 0.0), 1.0), std::logic_error);
}
