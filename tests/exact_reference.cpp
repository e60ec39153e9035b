#include "exact_reference.hpp"

// GCC's libquadmath: its header sits in GCC's own include directory, which clang (the
// sanitizer and fuzz builds) does not search; the two functions used are declared instead.
#if __has_include(<quadmath.h>)
#include <quadmath.h>
#else
extern "C" {
__float128 expq(__float128);
int quadmath_snprintf(char* s, std::size_t size, const char* format, ...);
}
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>

namespace spikesim::test {
namespace {

quad qabs(quad x) {
    return x < 0 ? -x : x;
}
quad qmax(quad a, quad b) {
    return a > b ? a : b;
}

} // namespace

std::string to_string(quad x) {
    char buffer[64];
    quadmath_snprintf(buffer, sizeof buffer, "%.21Qg", x);
    return buffer;
}

void QuadExpSum::add(quad coefficient, quad rate, quad t_coefficient) {
    for (int j = 0; j < n; ++j)
        if (r[j] == rate) {
            a[j] += coefficient;
            b[j] += t_coefficient;
            return;
        }
    a[n] = coefficient;
    b[n] = t_coefficient;
    r[n] = rate;
    ++n;
}

quad QuadExpSum::operator()(quad t) const {
    quad sum = c;
    for (int j = 0; j < n; ++j)
        sum += (a[j] + b[j] * t) * expq(-r[j] * t);
    return sum;
}

quad QuadExpSum::slope(quad t) const {
    quad sum = 0;
    for (int j = 0; j < n; ++j)
        sum += (b[j] - r[j] * (a[j] + b[j] * t)) * expq(-r[j] * t);
    return sum;
}

namespace {

// The largest value of (alpha + beta t) e^{-r t} on [x, y]: at an end, or where its
// derivative (beta - r (alpha + beta t)) e^{-r t} vanishes, t = 1/r - alpha/beta.
quad largest_on(quad alpha, quad beta, quad r, quad x, quad y) {
    auto g = [&](quad t) { return (alpha + beta * t) * expq(-r * t); };
    quad best = qmax(g(x), g(y));
    if (beta != 0) {
        const quad stationary = 1 / r - alpha / beta;
        if (stationary > x && stationary < y) best = qmax(best, g(stationary));
    }
    return best;
}

} // namespace

quad QuadExpSum::upper_bound(quad x, quad y) const {
    const quad m = (x + y) / 2, h = (y - x) / 2;
    quad termwise = c, curvature = 0; // largest f'' on [x, y]
    for (int j = 0; j < n; ++j) {
        termwise += largest_on(a[j], b[j], r[j], x, y);
        // ((a + b t) e^{-r t})'' = (r^2 a - 2 r b + r^2 b t) e^{-r t}
        curvature +=
            largest_on(r[j] * r[j] * a[j] - 2 * r[j] * b[j], r[j] * r[j] * b[j], r[j], x, y);
    }
    const quad taylor = (*this)(m) + qabs(slope(m)) * h + qmax(curvature, 0) * h * h / 2;
    return taylor < termwise ? taylor : termwise;
}

Reach reaches(const QuadExpSum& f, quad level, quad x, quad y) {
    if (!(y >= x)) return {};
    if (f(x) >= level) return {Reach::at, x};
    if (f(y) >= level) return {Reach::at, y};
    constexpr int budget = 20000; // intervals examined
    std::vector<std::pair<quad, quad>> stack{{x, y}};
    bool unsettled = false;
    for (int examined = 0; !stack.empty(); ++examined) {
        if (examined == budget) return {Reach::undecided, 0};
        const auto [lo, hi] = stack.back();
        stack.pop_back();
        if (f.upper_bound(lo, hi) < level) continue;
        const quad m = (lo + hi) / 2;
        if (f(m) >= level) return {Reach::at, m};
        if (hi - lo <= 1e-30 * qmax(1, qabs(hi))) { // cannot be split any further
            unsettled = true;
            continue;
        }
        stack.emplace_back(m, hi);
        stack.emplace_back(lo, m); // the earlier half first
    }
    return {unsettled ? Reach::undecided : Reach::never, 0};
}

quad first_reach(const QuadExpSum& f, quad level, quad x, quad y) {
    quad best = y;
    std::vector<std::pair<quad, quad>> stack{{x, y}};
    for (int examined = 0; !stack.empty() && examined < 100000; ++examined) {
        auto [lo, hi] = stack.back();
        stack.pop_back();
        if (hi > best) hi = best;
        if (!(lo < hi) || f.upper_bound(lo, hi) < level) continue;
        if (f(lo) >= level) {
            best = lo;
            continue;
        }
        const quad m = (lo + hi) / 2;
        if (f(m) >= level) best = m;
        if (hi - lo <= 1e-30 * qmax(1, qabs(hi))) continue;
        stack.emplace_back(m, hi);
        stack.emplace_back(lo, m);
    }
    return best;
}

ReferenceParams reference_params(const LifDelta::Params& p) {
    return {ReferenceParams::jump,
            p.tau_m,
            1.0,
            1.0,
            p.e_l,
            p.v_th,
            p.v_reset,
            p.t_ref,
            p.i_e,
            p.v_init};
}

namespace {

template <class P> ReferenceParams with_currents(ReferenceParams::Synapses synapses, const P& p) {
    ReferenceParams r{synapses, p.tau_m, p.tau_ex, p.tau_in, p.e_l, p.v_th, p.v_reset, p.t_ref};
    r.i_e = p.i_e;
    r.v_init = p.v_init;
    return r;
}

} // namespace

ReferenceParams reference_params(const LifExp::Params& p) {
    return with_currents(ReferenceParams::exponential, p);
}

ReferenceParams reference_params(const LifAlpha::Params& p) {
    return with_currents(ReferenceParams::alpha, p);
}

ReferenceNeuron::ReferenceNeuron(const ReferenceParams& p)
    : p_(p), v_(p.v_init), refractory_end_(-std::numeric_limits<double>::infinity()) {}

void ReferenceNeuron::evolve_currents(quad dt) {
    const quad e_ex = expq(-dt / p_.tau_ex), e_in = expq(-dt / p_.tau_in);
    if (p_.synapses == ReferenceParams::alpha) { // I(dt) = (I + y dt) e^{-dt/tau}
        i_ex_ += y_ex_ * dt;
        i_in_ += y_in_ * dt;
        y_ex_ *= e_ex;
        y_in_ *= e_in;
    }
    i_ex_ *= e_ex;
    i_in_ *= e_in;
}

void ReferenceNeuron::advance(quad t) {
    quad from = t_;
    if (from < refractory_end_) { // v held at v_reset, the currents go on
        const quad until = t < refractory_end_ ? t : quad(refractory_end_);
        if (p_.synapses != ReferenceParams::jump) evolve_currents(until - from);
        v_ = p_.v_reset;
        from = until;
    }
    if (t > from) {
        // Evaluating the trajectory moves the state: the same closed form either way.
        const quad dt = t - from;
        t_ = from;
        v_ = trajectory()(dt) + p_.v_th;
        if (p_.synapses != ReferenceParams::jump) evolve_currents(dt);
    }
    t_ = t;
}

void ReferenceNeuron::receive(float w) {
    const quad e = expq(quad(1));
    switch (p_.synapses) {
    case ReferenceParams::jump:
        if (!refractory()) v_ += w; // lif_delta discards inputs while refractory
        break;
    case ReferenceParams::exponential:
        (w >= 0 ? i_ex_ : i_in_) += w;
        break;
    case ReferenceParams::alpha: // a current of peak w, tau after the input
        if (w >= 0)
            y_ex_ += w * e / p_.tau_ex;
        else
            y_in_ += w * e / p_.tau_in;
        break;
    }
}

void ReferenceNeuron::fire() {
    v_ = p_.v_reset;
    refractory_end_ = static_cast<double>(t_) + p_.t_ref; // the models' own sum
}

QuadExpSum ReferenceNeuron::trajectory() const {
    const quad v_inf = quad(p_.e_l) + p_.i_e;
    QuadExpSum f;
    f.c = v_inf - p_.v_th;
    quad m = v_ - v_inf;
    // tau_x - tau_m is exact in quad (two doubles), so near-equal time constants lose
    // nothing here.
    const quad k_ex = p_.tau_ex / (quad(p_.tau_ex) - p_.tau_m);
    const quad k_in = p_.tau_in / (quad(p_.tau_in) - p_.tau_m);
    if (p_.synapses == ReferenceParams::exponential) {
        const quad ce = i_ex_ * k_ex, ci = i_in_ * k_in;
        m -= ce + ci;
        f.add(ce, 1 / quad(p_.tau_ex));
        f.add(ci, 1 / quad(p_.tau_in));
    } else if (p_.synapses == ReferenceParams::alpha) {
        // (b + c t) e^{-t/tau} per synapse, with c = k y and b = k (I - tau_m c): the
        // solution of tau_m v' = v_inf - v + (I + y t) e^{-t/tau}.
        const quad c_ex = k_ex * y_ex_, c_in = k_in * y_in_;
        const quad b_ex = k_ex * (i_ex_ - p_.tau_m * c_ex);
        const quad b_in = k_in * (i_in_ - p_.tau_m * c_in);
        m -= b_ex + b_in;
        f.add(b_ex, 1 / quad(p_.tau_ex), c_ex);
        f.add(b_in, 1 / quad(p_.tau_in), c_in);
    }
    f.add(m, 1 / quad(p_.tau_m));
    return f;
}

quad ReferenceNeuron::scale() const {
    const QuadExpSum f = trajectory();
    quad s = qabs(f.c) + qabs(quad(p_.v_th)) + qabs(v_);
    for (int j = 0; j < f.n; ++j)
        s += qabs(f.a[j]) + qabs(f.b[j]) / f.r[j]; // |b| t e^{-r t} <= |b| / (e r)
    return s;
}

namespace {

// Newton's method on f from s0: the crossing near s0, or nullopt if the slope is too
// flat to time it (a grazing crossing: only its value can be checked).
std::optional<quad> crossing_near(const QuadExpSum& f, quad s0) {
    quad s = s0;
    for (int k = 0; k < 60; ++k) {
        const quad slope = f.slope(s);
        if (qabs(slope) < 1e-9) return std::nullopt;
        const quad step = f(s) / slope;
        s -= step;
        if (qabs(step) <= 1e-32 * qmax(1, qabs(s))) return s;
    }
    return std::nullopt;
}

class ShadowRun {
  public:
    ShadowRun(const ReferenceParams& p, const Tolerance& tol) : n_(p), tol_(tol) {
        max_scale_ = n_.scale();
    }

    // No rise above threshold on [now, until): the engine fired nothing there.
    bool check_quiet_until(double until, double next_spike) {
        quad start = n_.time();
        if (n_.refractory()) start = n_.refractory_end();
        if (!(start < until)) return true;
        ReferenceNeuron at_start = n_;
        at_start.advance(start);
        max_scale_ = qmax(max_scale_, at_start.scale());
        const QuadExpSum f = at_start.trajectory();
        const Reach r = reaches(f, value_tolerance(), 0, until - start);
        if (r.outcome == Reach::undecided) ++report.undecided;
        if (r.outcome != Reach::at) return true;
        const quad first = first_reach(f, 0, 0, r.t);
        std::ostringstream out;
        out << "missed or late spike: the reference crosses threshold at "
            << to_string(start + first) << " ms and is " << to_string(f(r.t)) << " mV above it at "
            << to_string(start + r.t) << " ms; the engine's next spike: "
            << (std::isinf(next_spike) ? std::string("none") : to_string(next_spike));
        report.errors.push_back(out.str());
        return false;
    }

    // The engine fired at t (= now), after the inputs at t were received.
    bool check_spike(double t, const std::optional<QuadExpSum>& before_inputs) {
        ++report.spikes;
        if (n_.refractory()) {
            report.errors.push_back("spike at " + to_string(t) +
                                    " ms inside the reference's refractory period");
            return false;
        }
        const QuadExpSum f = n_.trajectory();
        max_scale_ = qmax(max_scale_, n_.scale());
        const quad value = f(0), slope = f.slope(0);
        if (value < -(value_tolerance() + qabs(slope) * tol_.time)) {
            const Reach next = reaches(f, 0, 0, 1e6);
            std::ostringstream out;
            out << "extra or early spike at " << to_string(t) << " ms: the reference is "
                << to_string(-value) << " mV below threshold there; its next crossing "
                << (next.outcome == Reach::at ? "at " + to_string(t + next.t) + " ms"
                                              : std::string("never comes"));
            report.errors.push_back(out.str());
            return false;
        }
        measure_deviation(f, before_inputs);
        return true;
    }

    ReferenceNeuron& neuron() { return n_; }
    ShadowReport report;

  private:
    quad value_tolerance() const { return tol_.value_ulps * 0x1p-52 * max_scale_; }

    // How far the engine's spike time is from the reference's crossing, where the
    // crossing is on a slope (not a jump caused by an input at that instant).
    void measure_deviation(const QuadExpSum& after, const std::optional<QuadExpSum>& before) {
        std::optional<quad> s;
        if (before && (*before)(0) >= 0)
            s = crossing_near(*before, 0); // crossed before the inputs: the engine is late
        else if (after(0) < 0)
            s = crossing_near(after, 0); // crosses after: the engine is early
        else
            return; // the inputs at t lifted v over threshold (lif_delta): nothing to time
        if (!s) return;
        ++report.timed;
        report.max_deviation = std::max(report.max_deviation, static_cast<double>(qabs(*s)));
    }

    ReferenceNeuron n_;
    Tolerance tol_;
    quad max_scale_;
};

} // namespace

ShadowReport shadow_check(const ReferenceParams& p, std::span<const Input> inputs,
                          std::span<const double> spikes, double t_end, Tolerance tol) {
    ShadowRun run(p, tol);
    const double inf = std::numeric_limits<double>::infinity();
    std::size_t i = 0, k = 0;
    while (true) {
        const double next_input = i < inputs.size() ? inputs[i].t : inf;
        const double next_spike = k < spikes.size() ? spikes[k] : inf;
        const double t = std::min({next_input, next_spike, t_end});
        // A crossing within tol.time before the engine's spike (or the end) is on time.
        const double quiet_until = std::min(t, std::min(next_spike, t_end) - tol.time);
        if (!run.check_quiet_until(quiet_until, next_spike)) break;
        if (t >= t_end) break;
        run.neuron().advance(t);
        std::optional<QuadExpSum> before;
        if (!run.neuron().refractory()) before = run.neuron().trajectory();
        while (i < inputs.size() && inputs[i].t == t)
            run.neuron().receive(inputs[i++].w);
        if (next_spike == t) {
            if (!run.check_spike(t, before)) break;
            run.neuron().fire();
            ++k;
        }
    }
    if (run.report.errors.empty() && k < spikes.size())
        run.report.errors.push_back("spike at " + to_string(spikes[k]) +
                                    " ms, at or after the end of the run");
    return run.report;
}

} // namespace spikesim::test
