// A transcription of PySpike 0.7's reference (python_backend.py) profiles, integrated exactly.
#include "analysis/kreuz_distances.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {
namespace {

void require_spikes(const SpikeTrain& a, const SpikeTrain& b) {
    if (a.empty() || b.empty())
        throw InputError("analysis", "spike trains", "at least one spike in each train",
                         "an empty train");
}

// The distance from `t` to the nearest of: spikes of `s` from index `from` on, and the
// auxiliary edge spikes t_start, t_end.
double min_dist(double t, const SpikeTrain& s, long from, double t_start, double t_end) {
    double d = std::abs(t - t_start);
    for (std::size_t i = std::size_t(std::max(from, 0L)); i < s.size(); ++i) {
        const double di = std::abs(t - s[i]);
        if (di > d) return d;
        d = di;
    }
    return std::min(d, std::abs(t_end - t));
}

} // namespace

double isi_distance(const SpikeTrain& s1, const SpikeTrain& s2, double t_start, double t_end) {
    require_spikes(s1, s2);
    const long n1 = long(s1.size()), n2 = long(s2.size());
    auto first_isi = [&](const SpikeTrain& s, long n, long& index) {
        if (s[0] > t_start) {
            index = -1;
            return n > 1 ? std::max(s[0] - t_start, s[1] - s[0]) : s[0] - t_start;
        }
        index = 0;
        return n > 1 ? s[1] - s[0] : t_end - s[0];
    };
    auto next_isi = [&](const SpikeTrain& s, long n, long index) {
        if (index < n - 1) return s[std::size_t(index + 1)] - s[std::size_t(index)];
        return n > 1 ? std::max(t_end - s[std::size_t(n - 1)],
                                s[std::size_t(n - 1)] - s[std::size_t(n - 2)])
                     : t_end - s[std::size_t(n - 1)];
    };
    long i1, i2;
    double nu1 = first_isi(s1, n1, i1), nu2 = first_isi(s2, n2, i2);
    double t_prev = t_start, value = std::abs(nu1 - nu2) / std::max(nu1, nu2), integral = 0;
    while (i1 + i2 < n1 + n2 - 2) {
        double t;
        const double next1 = i1 < n1 - 1 ? s1[std::size_t(i1 + 1)] : 0,
                     next2 = i2 < n2 - 1 ? s2[std::size_t(i2 + 1)] : 0;
        if (i1 < n1 - 1 && (i2 == n2 - 1 || next1 < next2)) {
            t = s1[std::size_t(++i1)];
            nu1 = next_isi(s1, n1, i1);
        } else if (i2 < n2 - 1 && (i1 == n1 - 1 || next1 > next2)) {
            t = s2[std::size_t(++i2)];
            nu2 = next_isi(s2, n2, i2);
        } else {
            t = s1[std::size_t(++i1)];
            ++i2;
            nu1 = next_isi(s1, n1, i1);
            nu2 = next_isi(s2, n2, i2);
        }
        integral += value * (t - t_prev);
        t_prev = t;
        value = std::abs(nu1 - nu2) / std::max(nu1, nu2);
    }
    integral += value * (t_end - t_prev);
    return integral / (t_end - t_start);
}

double spike_distance(const SpikeTrain& t1, const SpikeTrain& t2, double t_start, double t_end) {
    require_spikes(t1, t2);
    const long n1 = long(t1.size()), n2 = long(t2.size());
    auto at = [](const SpikeTrain& s, long i) { return s[std::size_t(i)]; };
    const double aux1_0 = n1 > 1 ? std::min(t_start, t1[0] - (t1[1] - t1[0])) : t_start;
    const double aux1_1 =
        n1 > 1 ? std::max(t_end, at(t1, n1 - 1) + (at(t1, n1 - 1) - at(t1, n1 - 2))) : t_end;
    const double aux2_0 = n2 > 1 ? std::min(t_start, t2[0] - (t2[1] - t2[0])) : t_start;
    const double aux2_1 =
        n2 > 1 ? std::max(t_end, at(t2, n2 - 1) + (at(t2, n2 - 1) - at(t2, n2 - 2))) : t_end;
    double t_p1 = t1[0] == t_start ? t_start : aux1_0;
    double t_p2 = t2[0] == t_start ? t_start : aux2_0;
    auto last_isi = [&](const SpikeTrain& s, long n) {
        return n > 1 ? std::max(t_end - at(s, n - 1), at(s, n - 1) - at(s, n - 2))
                     : t_end - at(s, n - 1);
    };
    auto y = [](double s1, double s2, double isi1, double isi2) {
        return (s1 * isi2 + s2 * isi1) / (0.5 * (isi1 + isi2) * (isi1 + isi2));
    };

    double t_f1, dt_f1, dt_p1, isi1, s1;
    long i1;
    if (t1[0] > t_start) {
        t_f1 = t1[0];
        dt_f1 = min_dist(t_f1, t2, 0, aux2_0, aux2_1);
        dt_p1 = dt_f1;
        isi1 = n1 > 1 ? std::max(t_f1 - t_start, t1[1] - t1[0]) : t_f1 - t_start;
        s1 = dt_p1;
        i1 = -1;
    } else {
        t_f1 = n1 > 1 ? t1[1] : t_end;
        dt_p1 = min_dist(t_p1, t2, 0, aux2_0, aux2_1);
        dt_f1 = min_dist(t_f1, t2, 0, aux2_0, aux2_1);
        isi1 = t_f1 - t1[0];
        s1 = dt_p1;
        i1 = 0;
    }
    double t_f2, dt_f2, dt_p2, isi2, s2;
    long i2;
    if (t2[0] > t_start) {
        t_f2 = t2[0];
        dt_f2 = min_dist(t_f2, t1, 0, aux1_0, aux1_1);
        dt_p2 = dt_f2;
        isi2 = n2 > 1 ? std::max(t_f2 - t_start, t2[1] - t2[0]) : t_f2 - t_start;
        s2 = dt_p2;
        i2 = -1;
    } else {
        t_f2 = n2 > 1 ? t2[1] : t_end;
        dt_p2 = min_dist(t_p2, t1, 0, aux1_0, aux1_1);
        dt_f2 = min_dist(t_f2, t1, 0, aux1_0, aux1_1);
        isi2 = t_f2 - t2[0];
        s2 = dt_p2;
        i2 = 0;
    }
    // The profile is linear between events: integrate (start + end) / 2 over each piece.
    double event = t_start, y_start = y(s1, s2, isi1, isi2), integral = 0;
    auto close_piece = [&](double t, double y_end) {
        integral += 0.5 * (y_start + y_end) * (t - event);
    };

    while (i1 + i2 < n1 + n2 - 2) {
        if (i1 < n1 - 1 && (t_f1 < t_f2 || i2 == n2 - 1)) {
            ++i1;
            s1 = dt_f1 * (t_f1 - t_p1) / isi1;
            dt_p1 = dt_f1;
            t_p1 = t_f1;
            t_f1 = i1 < n1 - 1 ? at(t1, i1 + 1) : aux1_1;
            s2 = (dt_p2 * (t_f2 - t_p1) + dt_f2 * (t_p1 - t_p2)) / isi2;
            close_piece(t_p1, y(s1, s2, isi1, isi2));
            event = t_p1;
            if (i1 < n1 - 1) {
                dt_f1 = min_dist(t_f1, t2, i2, aux2_0, aux2_1);
                isi1 = t_f1 - t_p1;
            } else {
                dt_f1 = dt_p1;
                isi1 = last_isi(t1, n1);
            }
            s1 = dt_p1;
            y_start = y(s1, s2, isi1, isi2);
        } else if (i2 < n2 - 1 && (t_f1 > t_f2 || i1 == n1 - 1)) {
            ++i2;
            s2 = dt_f2 * (t_f2 - t_p2) / isi2;
            dt_p2 = dt_f2;
            t_p2 = t_f2;
            t_f2 = i2 < n2 - 1 ? at(t2, i2 + 1) : aux2_1;
            s1 = (dt_p1 * (t_f1 - t_p2) + dt_f1 * (t_p2 - t_p1)) / isi1;
            close_piece(t_p2, y(s1, s2, isi1, isi2));
            event = t_p2;
            if (i2 < n2 - 1) {
                dt_f2 = min_dist(t_f2, t1, i1, aux1_0, aux1_1);
                isi2 = t_f2 - t_p2;
            } else {
                dt_f2 = dt_p2;
                isi2 = last_isi(t2, n2);
            }
            s2 = dt_p2;
            y_start = y(s1, s2, isi1, isi2);
        } else { // a coincident spike: the profile touches zero
            ++i1;
            ++i2;
            t_p1 = t_f1;
            t_p2 = t_f2;
            dt_p1 = dt_p2 = 0.0;
            close_piece(t_f1, 0.0);
            event = t_f1;
            y_start = 0.0;
            if (i1 < n1 - 1) {
                t_f1 = at(t1, i1 + 1);
                dt_f1 = min_dist(t_f1, t2, i2, aux2_0, aux2_1);
                isi1 = t_f1 - t_p1;
            } else {
                t_f1 = aux1_1;
                dt_f1 = dt_p1;
                isi1 = last_isi(t1, n1);
            }
            if (i2 < n2 - 1) {
                t_f2 = at(t2, i2 + 1);
                dt_f2 = min_dist(t_f2, t1, i1, aux1_0, aux1_1);
                isi2 = t_f2 - t_p2;
            } else {
                t_f2 = aux2_1;
                dt_f2 = dt_p2;
                isi2 = last_isi(t2, n2);
            }
        }
    }
    if (event != t_end) close_piece(t_end, y(dt_f1, dt_f2, isi1, isi2));
    return integral / (t_end - t_start);
}

} // namespace spikesim
