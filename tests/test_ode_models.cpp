// AdEx and Izhikevich (models/adaptive_models.hpp): the published firing patterns.
#include "models/adaptive_models.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace spikesim;

namespace {
template <class M> std::vector<double> isis(typename M::Params p, double duration) {
    Network net;
    auto n = net.add_neurons<M>("n", 1, p, Dale::mixed);
    Simulation sim(net);
    auto& s = sim.record_spikes(n);
    sim.run(duration);
    std::vector<double> isi;
    for (std::size_t k = 1; k < s.times().size(); ++k)
        isi.push_back(s.times()[k] - s.times()[k - 1]);
    return isi;
}
double cv(const std::vector<double>& x) {
    double m = 0, v = 0;
    for (double a : x)
        m += a;
    m /= double(x.size());
    for (double a : x)
        v += (a - m) * (a - m);
    return std::sqrt(v / double(x.size())) / m;
}
std::vector<double> tail(const std::vector<double>& x, std::size_t n) {
    return {x.end() - std::ptrdiff_t(n), x.end()};
}
} // namespace

TEST_CASE("AdEx reproduces tonic, adapting and bursting firing (Naud et al. 2008 parameters)",
          "[ode][adex]") {
    // C, g_L, E_L, V_T, D_T, a, tau_w, b, V_r, v_peak, t_ref, I, v_init
    const AdexSystem::Params tonic{200, 10, -70, -50, 2, 2, 30, 0, -58, 0, 0, 500, -70};
    const AdexSystem::Params adapting{200, 12, -70, -50, 2, 2, 300, 60, -58, 0, 0, 500, -70};
    const AdexSystem::Params bursting{200, 10, -58, -50, 2, 2, 120, 100, -46, 0, 0, 210, -58};
    const auto t = isis<Adex>(tonic, 500.0);
    REQUIRE(t.size() > 20);
    REQUIRE(cv(tail(t, 10)) < 0.01); // settles to a constant interval
    const auto a = isis<Adex>(adapting, 500.0);
    REQUIRE(a.size() >= 5);
    REQUIRE(a.back() > 4 * a.front()); // intervals lengthen
    for (std::size_t k = 1; k < a.size(); ++k)
        REQUIRE(a[k] >= a[k - 1] - 1e-9);
    const auto b = isis<Adex>(bursting, 500.0);
    const auto [lo, hi] = std::minmax_element(b.begin(), b.end());
    REQUIRE(*hi > 10 * *lo);    // short intervals inside bursts, long ones between
    const double longest = *hi; // clang 14 cannot capture a structured binding
    REQUIRE(std::count_if(b.begin(), b.end(), [&](double x) { return x > 0.5 * longest; }) >=
            2); // repeated bursts
}

TEST_CASE("Izhikevich reproduces regular spiking, fast spiking and chattering (Izhikevich 2003)",
          "[ode][izhikevich]") {
    // a, b, c, d, I, v_peak, t_ref, v_init
    const IzhikevichSystem::Params rs{0.02, 0.2, -65, 8, 10, 30, 0, -65};
    const IzhikevichSystem::Params fs{0.1, 0.2, -65, 2, 10, 30, 0, -65};
    const IzhikevichSystem::Params ch{0.02, 0.2, -50, 2, 10, 30, 0, -65};
    const auto r = isis<Izhikevich>(rs, 500.0), f = isis<Izhikevich>(fs, 500.0),
               c = isis<Izhikevich>(ch, 500.0);
    REQUIRE(r.front() < 0.7 * r.back()); // RS: adapts, then fires regularly
    REQUIRE(cv(tail(r, 5)) < 0.01);
    REQUIRE(f.size() > 3 * r.size()); // FS: much faster
    REQUIRE(cv(tail(f, 10)) < 0.01);  // and regular
    const auto [lo, hi] = std::minmax_element(c.begin(), c.end());
    REQUIRE(*hi > 10 * *lo); // CH: bursts of spikes a few ms apart, 40+ ms between bursts
    const double longest = *hi;
    REQUIRE(std::count_if(c.begin(), c.end(), [&](double x) { return x > 0.5 * longest; }) >= 4);
}
