#pragma once
// The time a parabola gap-bound takes to close, for the "no crossing before" bounds of the
// current-based models (lif_exp, lif_alpha): v(t) <= v + slope t + half_curvature t^2 with
// half_curvature >= 0, so v cannot reach threshold, gap above v, before the first t >= 0 at
// which slope t + half_curvature t^2 = gap.
#include <cmath>
#include <limits>

namespace spikesim {

// That t (gap > 0), shortened by 1e-9 of itself against rounding; +inf when never.
inline double parabola_reach(double gap, double slope, double half_curvature) {
    double t;
    if (half_curvature == 0.0) {
        if (slope <= 0.0) return std::numeric_limits<double>::infinity();
        t = gap / slope;
    } else {
        // The positive root of half_curvature t^2 + slope t - gap, in the form that does not
        // cancel.
        const double root = std::sqrt(slope * slope + 4.0 * half_curvature * gap);
        t = slope >= 0.0 ? 2.0 * gap / (slope + root) : (root - slope) / (2.0 * half_curvature);
    }
    return t * (1.0 - 1e-9);
}

} // namespace spikesim
