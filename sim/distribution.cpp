#include "sim/distribution.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {
namespace {

// The standard normal's cumulative distribution.
double phi(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// The mass of the unbounded distribution inside [low, high].
double mass_inside(const Distribution& d) {
    switch (d.kind) {
    case Distribution::Kind::uniform:
        return 1.0;
    case Distribution::Kind::normal:
        return phi((d.high - d.a) / d.b) - phi((d.low - d.a) / d.b);
    case Distribution::Kind::lognormal: {
        const double lo = d.low > 0 ? phi((std::log(d.low) - d.a) / d.b) : 0.0;
        return phi((std::log(d.high) - d.a) / d.b) - lo;
    }
    }
    return 1.0;
}

double unbounded_draw(const Distribution& d, RandomStream& s) {
    switch (d.kind) {
    case Distribution::Kind::uniform:
        return s.uniform(d.low, d.high);
    case Distribution::Kind::normal:
        return d.a + d.b * s.normal();
    case Distribution::Kind::lognormal:
        return std::exp(d.a + d.b * s.normal());
    }
    return d.a;
}

} // namespace

const char* to_string(Distribution::Kind kind) {
    switch (kind) {
    case Distribution::Kind::uniform:
        return "uniform";
    case Distribution::Kind::normal:
        return "normal";
    case Distribution::Kind::lognormal:
        return "lognormal";
    }
    return "?";
}

double Distribution::min() const {
    return kind == Kind::lognormal ? std::max(low, 0.0) : low;
}

double Distribution::max() const {
    return high;
}

void Distribution::validate(const std::string& source, const std::string& key) const {
    auto fail = [&](const std::string& field, const std::string& expected, double got) {
        throw InputError(source, key + "." + field, expected, format_number(got));
    };
    if (kind == Kind::uniform) {
        if (!std::isfinite(low)) fail("low", "a finite number", low);
        if (!std::isfinite(high)) fail("high", "a finite number", high);
        if (!(low <= high)) fail("high", "a number >= low (" + format_number(low) + ")", high);
        return;
    }
    const char* centre = kind == Kind::normal ? "mean" : "mu";
    const char* spread = kind == Kind::normal ? "sd" : "sigma";
    if (!std::isfinite(a)) fail(centre, "a finite number", a);
    if (!(b >= 0) || !std::isfinite(b)) fail(spread, "a finite number >= 0", b);
    if (std::isnan(low) || low == unbounded) fail("low", "a number or no bound", low);
    if (std::isnan(high) || high == -unbounded) fail("high", "a number or no bound", high);
    if (!(low <= high)) fail("high", "a number >= low (" + format_number(low) + ")", high);
    if (kind == Kind::lognormal && high <= 0)
        fail("high", "a number > 0 (lognormal values are)", high);
    if (bounds == Bounds::redraw && b > 0 && !(mass_inside(*this) >= 1e-6))
        fail("low",
             "bounds holding at least 1e-6 of the distribution (redraw would hardly "
             "ever finish; use bounds = \"clip\")",
             low);
}

double Distribution::draw(RandomStream& s) const {
    if (kind != Kind::uniform && b == 0) {
        const double v = kind == Kind::normal ? a : std::exp(a);
        return std::clamp(v, min(), max());
    }
    for (;;) {
        const double v = unbounded_draw(*this, s);
        if (v >= low && v <= high) return v;
        if (bounds == Bounds::clip) return std::clamp(v, low, high);
    }
}

std::string Distribution::describe() const {
    std::string text = to_string(kind);
    if (kind == Kind::uniform)
        return text + "(low " + format_number(low) + ", high " + format_number(high) + ")";
    text += kind == Kind::normal ? "(mean " : "(mu ";
    text += format_number(a) + (kind == Kind::normal ? ", sd " : ", sigma ") + format_number(b);
    if (low > -unbounded) text += ", low " + format_number(low);
    if (high < unbounded) text += ", high " + format_number(high);
    if (low > -unbounded || high < unbounded)
        text += bounds == Bounds::clip ? ", clip" : ", redraw";
    return text + ")";
}

} // namespace spikesim
