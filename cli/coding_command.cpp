#include "cli/coding_command.hpp"
#include "cli/format.hpp"

#include "cli/plotting.hpp"
#include "cli/run_network.hpp"
#include "sim/errors.hpp"
#include "io/sonata_writer.hpp"
#include "io/weights_file.hpp"
#include "sim/version.hpp"

#include <tbb/global_control.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace spikesim::cli {
namespace {

std::vector<double> evaluation_times(double end) {
    std::vector<double> t;
    for (double x : {1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 50.0, 75.0, 100.0, 150.0,
                     200.0, 300.0, 500.0})
        if (x < end) t.push_back(x);
    t.push_back(end);
    return t;
}

void validate(const CodingOptions& o) {
    auto bad = [](const std::string& option, const std::string& expected, const std::string& got) {
        return InputError("coding", option, expected, got);
    };
    const auto& c = o.conversion;
    if (!(c.duration > 0) || !std::isfinite(c.duration))
        throw bad("--duration", "a number > 0 (ms)", format_number(c.duration));
    if (!(c.phase > 0) || !std::isfinite(c.phase))
        throw bad("--phase", "a number > 0 (ms)", format_number(c.phase));
    if (!(c.delay > 0) || !std::isfinite(c.delay))
        throw bad("--delay", "a number > 0 (ms)", format_number(c.delay));
    if (!(c.max_rate > 0) || !std::isfinite(c.max_rate))
        throw bad("--max-rate", "a number > 0 (spikes per ms)", format_number(c.max_rate));
    if (o.samples < 0)
        throw bad("--samples", "an integer >= 0 (0: the whole test set)",
                  std::to_string(o.samples));
    if (o.hidden.empty()) throw bad("--hidden", "at least one hidden width", "none");
    for (int h : o.hidden)
        if (h < 1 || h > 100000)
            throw bad("--hidden", "widths from 1 to 100000", std::to_string(h));
    if (o.train.epochs < 1 || o.train.epochs > 100000)
        throw bad("--epochs", "an integer >= 1", std::to_string(o.train.epochs));
}

void write_attributes(hid_t g, const ModeResult& r) {
    hdf5::write_attribute(g, "accuracy", r.accuracy);
    hdf5::write_attribute(g, "agreement_with_ann", r.agreement_with_ann);
    hdf5::write_attribute(g, "synops_per_sample", r.synops_per_sample);
    hdf5::write_attribute(g, "spikes_per_neuron", r.spikes_per_neuron);
    hdf5::write_attribute(g, "energy_pj", r.energy_pj);
    hdf5::write_attribute(g, "latency_ms", r.latency_ms);
    hdf5::write_attribute(g, "stable_ms", r.stable_ms);
    hdf5::write_attribute(g, "undecided", r.undecided);
    hdf5::write_attribute(g, "samples", static_cast<std::int64_t>(r.samples));
    hdf5::write_attribute(g, "neurons", static_cast<std::int64_t>(r.neurons));
    hdf5::write_attribute(g, "synapses", static_cast<std::int64_t>(r.synapses));
}

void print_table(const std::vector<ModeResult>& results, std::uint64_t macs) {
    std::printf("\n%-10s %9s %9s %11s %12s %12s %11s %11s %10s\n", "mode", "accuracy", "agree",
                "spikes/neu", "synops", "energy (nJ)", "latency ms", "stable ms", "undecided");
    for (const auto& r : results)
        std::printf("%-10s %8.2f%% %8.2f%% %11.3f %12.0f %12.2f %11s %11s %9.1f%%\n",
                    r.name.c_str(), 100 * r.accuracy, 100 * r.agreement_with_ann,
                    r.spikes_per_neuron, r.synops_per_sample, r.energy_pj / 1000.0,
                    number_or_dash(r.latency_ms, "%.2f").c_str(),
                    number_or_dash(r.stable_ms, "%.2f").c_str(), 100 * r.undecided);
    std::printf("synops: synaptic operations per sample (spikes x fan-out; for ann its %llu MACs). "
                "Energy proxy "
                "(Horowitz 2014, 45 nm): %.1f pJ per MAC, %.1f pJ per synaptic operation; memory "
                "access, which "
                "dominates both in practice, is not counted.\n",
                static_cast<unsigned long long>(macs), energy_per_mac_pj, energy_per_synop_pj);
    std::printf("latency: mean time to the first output spike; stable: mean time after which the "
                "decision no "
                "longer changes (ttfs: both include the hidden-layer phases).\n");
    for (const auto& r : results) {
        if (r.times.empty()) continue;
        std::printf("%-10s accuracy (synaptic operations so far) vs time%s:", r.name.c_str(),
                    r.mode == CodingMode::ttfs ? " after the last hidden phase" : "");
        for (std::size_t k = 0; k < r.times.size(); ++k)
            std::printf(" %g ms %.1f%% (%.0f synops);", r.times[k], 100 * r.accuracy_at[k],
                        r.synops_at[k]);
        std::printf("\n");
    }
}

} // namespace

CLI::App* add_coding_command(CLI::App& app, CodingOptions& o) {
    auto* cmd = app.add_subcommand(
        "coding", "One MLP on the digits data, three modes: ANN, spiking rate coding, "
                  "spiking time-to-first-spike coding");
    cmd->add_option("--mode", o.mode, "ann, rate, ttfs or all")
        ->check(CLI::IsMember({"ann", "rate", "ttfs", "all"}))
        ->default_val("all");
    cmd->add_option("--dale", o.dale, "on: E/I split, off: mixed populations, both")
        ->check(CLI::IsMember({"on", "off", "both"}))
        ->default_val("both");
    cmd->add_option("--duration", o.conversion.duration, "rate mode: simulated time per sample, ms")
        ->default_val(o.conversion.duration);
    cmd->add_option("--samples", o.samples, "test samples to run (0: all)")->default_val(0);
    cmd->add_option("--hidden", o.hidden, "hidden layer widths, e.g. 100,100")
        ->delimiter(',')
        ->default_str("64");
    cmd->add_option("--epochs", o.train.epochs, "training epochs")->default_val(o.train.epochs);
    cmd->add_option("--seed,-s", o.train.seed, "seed of training and Poisson inputs")
        ->default_val(1);
    cmd->add_option("--encoding", o.encoding, "rate input: poisson, regular or current")
        ->check(CLI::IsMember({"poisson", "regular", "current"}))
        ->default_val(o.encoding);
    cmd->add_option("--normalisation", o.normalisation, "max or p99.9 (robust)")
        ->check(CLI::IsMember({"max", "p99.9"}))
        ->default_val(o.normalisation);
    cmd->add_option("--readout", o.readout,
                    "rate output: spikes (counts) or membrane (non-spiking)")
        ->check(CLI::IsMember({"spikes", "membrane"}))
        ->default_val(o.readout);
    cmd->add_option("--max-rate", o.conversion.max_rate,
                    "rate mode: spikes per ms at the activation scale")
        ->default_val(o.conversion.max_rate);
    cmd->add_option("--phase", o.conversion.phase, "ttfs: phase length T, ms")
        ->default_val(o.conversion.phase);
    cmd->add_option("--delay", o.conversion.delay, "synaptic delay, ms")
        ->default_val(o.conversion.delay);
    cmd->add_option("--weights", o.weights,
                    "load trained weights (HDF5 from an earlier --out) instead of training")
        ->type_name("FILE.h5");
    cmd->add_option("--out,-o", o.out, "HDF5 output")->default_val(o.out)->type_name("FILE.h5");
    cmd->add_flag("--plot", o.plot, "PNG figures next to the output file");
    cmd->add_option("--threads,-t", o.threads, "worker threads (0: every core)")
        ->check(CLI::Range(0, 1024));
    return cmd;
}

int run_coding_command(CodingOptions o, const std::string& command_line) {
    o.conversion.encoding = o.encoding == "regular"   ? RateEncoding::regular
                            : o.encoding == "current" ? RateEncoding::current
                                                      : RateEncoding::poisson;
    o.conversion.normalisation =
        o.normalisation == "max" ? Normalisation::max : Normalisation::percentile;
    o.conversion.readout = o.readout == "membrane" ? Readout::membrane : Readout::spikes;
    o.conversion.seed = o.train.seed;
    validate(o);
    if (o.out == "results/coding.h5") std::filesystem::create_directories("results");
    check_output_path(o.out, "--out");
    if (o.plot) require_plotting();
    const auto limit = limit_threads(o.threads);

    const auto start = std::chrono::steady_clock::now();
    const auto split = stratified_split(load_digits(default_digits_path()), 0.2, o.split_seed);
    DenseNetwork ann;
    std::vector<int> widths{64};
    if (o.weights) {
        ann = load_weights(*o.weights);
    } else {
        widths.insert(widths.end(), o.hidden.begin(), o.hidden.end());
        widths.push_back(10);
        ann = DenseNetwork(widths, Activation::relu, o.train.seed);
        train(ann, split.train, o.train);
    }
    LabelledData test = split.test;
    if (o.samples > 0 && std::size_t(o.samples) < test.size()) {
        test.x = test.x.topRows(o.samples).eval();
        test.y.resize(std::size_t(o.samples));
    }
    const auto scales = activation_scales(ann, split.train.x, o.conversion.normalisation, 99.9);
    const auto ann_pred = ann.predict(test.x);
    std::printf("coding: digits 8x8, %zu training / %zu test samples; network", split.train.size(),
                test.size());
    for (const auto& l : ann.layers())
        std::printf(" %lld", static_cast<long long>(l.w.cols()));
    std::printf(" %lld (ReLU), %s in %.2f s\n",
                static_cast<long long>(ann.layers().back().w.rows()),
                o.weights ? "loaded" : "trained",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::printf("rate: %s input, %s normalisation, %g spikes/ms at scale, %g ms, readout %s; ttfs: "
                "phase T = %g ms; "
                "delay %g ms\n",
                o.encoding.c_str(), o.normalisation.c_str(), o.conversion.max_rate,
                o.conversion.duration, o.readout.c_str(), o.conversion.phase, o.conversion.delay);

    std::fflush(stdout); // the header before the progress lines on stderr
    std::vector<ModeResult> results;
    const bool mixed = o.dale != "on", dale = o.dale != "off";
    results.push_back(evaluate_ann(ann, test, false));
    if (dale) results.push_back(evaluate_ann(ann, test, true));
    for (CodingMode m : {CodingMode::rate, CodingMode::ttfs}) {
        if (o.mode != "all" && o.mode != to_string(m)) continue;
        for (bool d : {false, true}) {
            if ((d && !dale) || (!d && !mixed)) continue;
            CodingRun run{o.conversion, {}};
            run.conversion.mode = m;
            run.conversion.dale = d;
            run.times = evaluation_times(m == CodingMode::rate ? o.conversion.duration
                                                               : 3 * o.conversion.phase);
            const auto t0 = std::chrono::steady_clock::now();
            results.push_back(evaluate_spiking(ann, scales, test, run, ann_pred));
            std::fprintf(
                stderr, "[spikesim] %s: %zu samples in %.2f s\n", results.back().name.c_str(),
                test.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
    }
    print_table(results, ann.macs());

    std::ostringstream config;
    config << "coding mode=" << o.mode << " dale=" << o.dale << " encoding=" << o.encoding
           << " normalisation=" << o.normalisation << " readout=" << o.readout
           << " duration=" << o.conversion.duration << " phase=" << o.conversion.phase
           << " delay=" << o.conversion.delay << " max_rate=" << o.conversion.max_rate
           << " epochs=" << o.train.epochs;
    SonataWriter w(o.out, Provenance{version, command_line, config.str(), o.train.seed, o.threads});
    {
        auto g = hdf5::create_group(w.file(), "/results");
        hdf5::write_attribute(g.get(), "energy_per_mac_pj", energy_per_mac_pj);
        hdf5::write_attribute(g.get(), "energy_per_synop_pj", energy_per_synop_pj);
        hdf5::write_attribute(g.get(), "macs", static_cast<std::int64_t>(ann.macs()));
        for (const auto& r : results) {
            auto m = hdf5::create_group(g.get(), r.name);
            write_attributes(m.get(), r);
            if (!r.times.empty()) {
                hdf5::write_vector(m.get(), "times_ms", std::span<const double>(r.times));
                hdf5::write_vector(m.get(), "accuracy_at", std::span<const double>(r.accuracy_at));
                hdf5::write_vector(m.get(), "synops_at", std::span<const double>(r.synops_at));
            }
            for (std::size_t k = 0; k < r.raster_names.size(); ++k) {
                const std::string pop = r.name + "_" + r.raster_names[k];
                w.declare_spikes(pop);
                w.write_spikes(pop, r.raster_times[k], r.raster_ids[k]);
            }
        }
    }
    w.commit();
    {
        // The trained weights, loadable with --weights (a separate file keeps the results file
        // SONATA-only).
        const std::string weights =
            std::filesystem::path(o.out).replace_extension("").string() + "_weights.h5";
        if (!o.weights) save_weights(ann, weights);
        std::printf("\noutput: %s%s\n", o.out.c_str(),
                    o.weights ? "" : (", weights: " + weights).c_str());
    }
    if (o.plot) plot_experiment("plot_coding.py", o.out);
    return 0;
}

} // namespace spikesim::cli
