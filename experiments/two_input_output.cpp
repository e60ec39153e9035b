#include "experiments/two_input_output.hpp"

#include <sstream>

namespace spikesim {
namespace {

void write_parameters(hid_t g, const TwoInputParams& p) {
    hdf5::write_attribute(g, "spikes_per_input", static_cast<std::int64_t>(p.spikes));
    for (const auto& n : two_input_numbers)
        hdf5::write_attribute(g, n.key, p.*n.field);
    hdf5::write_attribute(g, "trials", static_cast<std::int64_t>(p.trials));
}

// The input and output trains of a condition as three populations, a node per trial.
void write_condition_spikes(SonataWriter& w, const TwoInputParams& p, const ConditionResult& r) {
    const std::string c = to_string(r.condition);
    auto write = [&](const std::string& role, auto pick) {
        std::vector<std::vector<double>> trains;
        for (const auto& t : r.trials)
            trains.push_back(pick(t));
        const std::string pop = c + "_" + role;
        w.write_raster(SpikeRaster::of_trains(pop, trains, p.duration()));
        w.write_experiment([&](hid_t f) {
            auto g = hdf5::open_group(f, "/spikes/" + pop);
            hdf5::write_attribute(g.get(), "condition", c);
            hdf5::write_attribute(g.get(), "role", role);
            write_parameters(g.get(), p);
        });
    };
    write("input_a", [](const TrialResult& t) { return t.inputs.a; });
    write("input_b", [](const TrialResult& t) { return t.inputs.b; });
    write("output", [](const TrialResult& t) { return t.output; });
}

void write_condition_trace(SonataWriter& w, const TwoInputParams& p, const ConditionResult& r) {
    const std::string c = to_string(r.condition);
    const auto n = static_cast<std::uint32_t>(r.trials.size());
    std::vector<std::uint32_t> nodes(n);
    for (std::uint32_t k = 0; k < n; ++k)
        nodes[k] = k;
    w.declare_report(c + "_output", nodes, p.record_interval, ReportVariable{});
    const std::size_t rows = r.trials[0].trace.size();
    std::vector<float> values(rows * n);
    for (std::size_t row = 0; row < rows; ++row)
        for (std::uint32_t k = 0; k < n; ++k)
            values[row * n + k] = r.trials[k].trace[row];
    w.write_report(c + "_output", values);
}

void write_condition_results(hid_t f, const ConditionResult& r) {
    const std::string c = to_string(r.condition);
    auto g = hdf5::create_group(f, "/two_input/" + c);
    hdf5::write_attribute(g.get(), "condition", c);
    hdf5::write_attribute(g.get(), "output_spikes", r.mean_output_spikes());
    hdf5::write_attribute(g.get(), "input_spikes_a", r.mean_input_spikes_a());
    hdf5::write_attribute(g.get(), "input_spikes_b", r.mean_input_spikes_b());
    hdf5::write_attribute(g.get(), "peak_mv", r.mean_peak());
    hdf5::write_attribute(g.get(), "first_spike_ms", r.trials[0].first_spike());
}

void write_sweep(hid_t f, const Sweep& sweep) {
    auto g = hdf5::create_group(f, "/two_input/sweep");
    std::vector<double> n(sweep.spikes.begin(), sweep.spikes.end());
    hdf5::write_vector(g.get(), "spikes", std::span<const double>(n));
    hdf5::write_vector(g.get(), "tau_m", std::span<const double>(sweep.tau_m));
    hdf5::write_vector(g.get(), "effect", std::span<const double>(sweep.effect));
    hdf5::write_vector(g.get(), "uniform_output_spikes",
                       std::span<const double>(sweep.uniform_spikes));
    hdf5::write_vector(g.get(), "early_late_output_spikes",
                       std::span<const double>(sweep.early_late_spikes));
    hdf5::write_attribute(g.get(), "layout", std::string("[tau_m index][spikes index], row-major"));
    hdf5::write_attribute(
        g.get(), "effect_definition",
        std::string("|n_early_late - n_uniform| / (n_early_late + n_uniform), NaN if both are 0"));
}

} // namespace

std::string two_input_config_text(const TwoInputParams& p) {
    std::ostringstream config;
    config << "two-input spikes=" << p.spikes;
    for (const auto& n : two_input_numbers)
        config << " " << n.key << "=" << p.*n.field;
    config << " trials=" << p.trials;
    if (p.custom)
        for (const auto& [key, times] :
             {std::pair{"times_a", &p.custom->a}, {"times_b", &p.custom->b}}) {
            config << " " << key << "=";
            for (std::size_t k = 0; k < times->size(); ++k)
                config << (k ? "," : "") << (*times)[k];
        }
    return config.str();
}

void write_two_input(const TwoInputResult& result, const std::string& path,
                     const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        hdf5::write_attribute(f, "simulated_ms", result.params.duration());
        auto params = hdf5::create_group(f, "/two_input");
        write_parameters(params.get(), result.params);
    });
    for (const auto& r : result.conditions) {
        write_condition_spikes(w, result.params, r);
        write_condition_trace(w, result.params, r);
        w.write_experiment([&](hid_t f) { write_condition_results(f, r); });
    }
    if (result.sweep) w.write_experiment([&](hid_t f) { write_sweep(f, *result.sweep); });
    w.commit();
}

} // namespace spikesim
