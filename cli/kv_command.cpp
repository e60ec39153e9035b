#include "cli/kv_command.hpp"
#include "cli/format.hpp"

#include "cli/plotting.hpp"
#include "cli/run_network.hpp"
#include "experiments/coding.hpp"
#include "sim/errors.hpp"
#include "io/sonata_writer.hpp"
#include "sim/version.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <optional>
#include <sstream>

namespace spikesim::cli {
namespace {

struct ModeSummary {
    std::string name;
    double recall = std::nan(""), cosine = std::nan(""), relative_l2 = std::nan("");
    double random_cosine = std::nan(""), random_relative_l2 = std::nan("");
    double key_correlation = std::nan(""), synops = 0, energy_pj = 0, readout_ms = std::nan(""),
           spikes_per_neuron = 0;
    Eigen::MatrixXd keys; // memory workload, decoded key activations
    SpikingBlockResult raster_source;
};

std::vector<CodingMode> modes_of(const std::string& mode) {
    std::vector<CodingMode> m;
    for (CodingMode c : {CodingMode::ann, CodingMode::rate, CodingMode::ttfs})
        if (mode == "all" || mode == to_string(c)) m.push_back(c);
    if (std::find(m.begin(), m.end(), CodingMode::ann) == m.end())
        m.insert(m.begin(), CodingMode::ann); // the reference
    return m;
}

// Outputs and key activations of one mode on a set of queries.
struct Run {
    Eigen::MatrixXd outputs, keys;
    SpikingBlockResult spiking;
};
Run run_mode(CodingMode mode, const DenseNetwork& block, const std::vector<double>& scales,
             const Eigen::MatrixXd& q, ConversionOptions conversion, std::size_t rasters = 0) {
    Run r;
    if (mode == CodingMode::ann) {
        const auto a = block.forward_all(q);
        r.outputs = a[2];
        r.keys = a[1];
        r.spiking.readout_ms = std::nan("");
        r.spiking.synops_per_query = double(block.macs());
        return r;
    }
    conversion.mode = mode;
    r.spiking = run_spiking_block(block, scales, q, conversion, rasters);
    r.outputs = r.spiking.outputs;
    r.keys = r.spiking.keys;
    return r;
}

void interpret(const MemoryBlock& m, const Eigen::VectorXd& query,
               const std::vector<ModeSummary>& modes) {
    const Attribution a = attribute(m.block, query);
    std::vector<int> order(std::size_t(a.activation.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int i, int j) { return a.activation[i] > a.activation[j]; });
    std::printf(
        "\nquery 0 (stored key 0 plus noise): the top keys and what each adds to the output\n%-6s",
        "key");
    for (const auto& s : modes)
        std::printf(" %12s", (s.name + " act").c_str());
    std::printf(" %14s %16s\n", "|contribution|", "cos(contr, v_0)");
    for (int k = 0; k < 5; ++k) {
        const int j = order[std::size_t(k)];
        std::printf("%-6d", j);
        for (const auto& s : modes)
            std::printf(" %12.3f", s.keys(0, j));
        const Eigen::VectorXd c = a.contribution.col(j);
        std::printf(" %14.3f %16.3f\n", c.norm(),
                    c.norm() > 0 ? c.dot(m.values.row(0).transpose()) / c.norm() : 0.0);
    }
    const Eigen::VectorXd total = a.contribution.rowwise().sum() + m.block.layers()[1].b;
    std::printf(
        "sum of all contributions + b_down = the ann output (max difference %.1e)\n",
        (total - m.block.logits(query.transpose()).row(0).transpose()).cwiseAbs().maxCoeff());
}

} // namespace

CLI::App* add_kv_command(CLI::App& app, KvCommandOptions& o) {
    auto* cmd = app.add_subcommand(
        "kv", "A transformer feed-forward block as key-value memory, as rate neurons and as "
              "Dale-compliant spiking neurons (rate and time-to-first-spike coding)");
    cmd->add_option("--workload", o.workload, "memory, random or both")
        ->check(CLI::IsMember({"memory", "random", "both"}))
        ->default_val(o.workload);
    cmd->add_option("--mode", o.mode, "ann, rate, ttfs or all")
        ->check(CLI::IsMember({"ann", "rate", "ttfs", "all"}))
        ->default_val(o.mode);
    cmd->add_option("--d", o.kv.d, "model width d")->default_val(o.kv.d);
    cmd->add_option("--d-ff", o.kv.d_ff, "key units d_ff")->default_val(o.kv.d_ff);
    cmd->add_option("--memories,-M", o.kv.memories, "stored key-value pairs")
        ->default_val(o.kv.memories);
    cmd->add_option("--noise", o.kv.noise,
                    "norm of the noise added to a stored key (keys have norm 1)")
        ->default_val(o.kv.noise);
    cmd->add_option("--threshold", o.kv.threshold, "key detection threshold (cosine)")
        ->default_val(o.kv.threshold);
    cmd->add_option("--queries", o.kv.queries, "queries per workload")->default_val(o.kv.queries);
    cmd->add_option("--seed,-s", o.kv.seed,
                    "seed of keys, values, weights, queries and Poisson inputs")
        ->default_val(1);
    cmd->add_option("--duration", o.conversion.duration, "rate: simulated time per query, ms")
        ->default_val(100.0);
    cmd->add_option("--phase", o.conversion.phase, "ttfs: phase length T, ms")
        ->default_val(o.conversion.phase);
    cmd->add_option("--max-rate", o.conversion.max_rate,
                    "rate: spikes per ms at the activation scale")
        ->default_val(o.conversion.max_rate);
    cmd->add_option("--delay", o.conversion.delay, "synaptic delay, ms")
        ->default_val(o.conversion.delay);
    cmd->add_option("--encoding", o.encoding, "rate input: poisson or regular")
        ->check(CLI::IsMember({"poisson", "regular"}))
        ->default_val(o.encoding);
    cmd->add_option("--sweep-noise", o.sweep_noise, "noise values of the recall sweep")
        ->delimiter(',')
        ->default_str("0,0.25,0.5,0.75,1");
    cmd->add_option("--sweep-memories", o.sweep_memories, "M values of the recall sweep")
        ->delimiter(',')
        ->default_str("8,16,32,48,64");
    cmd->add_option("--sweep-queries", o.sweep_queries, "queries per sweep point")
        ->default_val(o.sweep_queries);
    cmd->add_flag("--no-sweep", o.no_sweep, "skip the sweeps");
    cmd->add_option("--out,-o", o.out, "HDF5 output")->default_val(o.out)->type_name("FILE.h5");
    cmd->add_flag("--plot", o.plot, "PNG figures next to the output file");
    cmd->add_option("--threads,-t", o.threads, "worker threads (0: every core)")
        ->check(CLI::Range(0, 1024));
    return cmd;
}

int run_kv_command(KvCommandOptions o, const std::string& command_line) {
    o.kv.validate();
    auto& c = o.conversion;
    c.encoding = o.encoding == "regular" ? RateEncoding::regular : RateEncoding::poisson;
    c.seed = o.kv.seed;
    auto bad = [](const std::string& option, const std::string& expected, double got) {
        return InputError("kv", option, expected, format_number(got));
    };
    if (!(c.duration > 0) || !std::isfinite(c.duration))
        throw bad("--duration", "a number > 0 (ms)", c.duration);
    if (!(c.phase > 0) || !std::isfinite(c.phase))
        throw bad("--phase", "a number > 0 (ms)", c.phase);
    if (!(c.delay > 0) || !std::isfinite(c.delay))
        throw bad("--delay", "a number > 0 (ms)", c.delay);
    if (!(c.max_rate > 0) || !std::isfinite(c.max_rate))
        throw bad("--max-rate", "a number > 0", c.max_rate);
    if (o.sweep_queries < 1) throw bad("--sweep-queries", "an integer >= 1", o.sweep_queries);
    for (double n : o.sweep_noise)
        if (!(n >= 0) || !std::isfinite(n)) throw bad("--sweep-noise", "numbers >= 0", n);
    for (int m : o.sweep_memories)
        if (m < 1 || m > o.kv.d_ff) throw bad("--sweep-memories", "integers from 1 to d_ff", m);
    if (o.out == "results/kv.h5") std::filesystem::create_directories("results");
    check_output_path(o.out, "--out");
    if (o.plot) require_plotting();
    const auto limit = limit_threads(o.threads);
    const auto modes = modes_of(o.mode);
    const bool memory = o.workload != "random", random = o.workload != "memory";

    std::vector<ModeSummary> summary;
    for (CodingMode m : modes) {
        ModeSummary s;
        s.name = to_string(m);
        summary.push_back(std::move(s));
    }
    std::optional<MemoryBlock> mem;
    if (memory) {
        mem = make_memory_block(o.kv);
        const Eigen::MatrixXd calibration = make_memory_queries(o.kv, *mem, 1000, 1);
        const auto scales =
            activation_scales(mem->block, calibration, Normalisation::percentile, 99.9, true);
        const Eigen::MatrixXd q = make_memory_queries(o.kv, *mem, o.kv.queries, 0);
        const Run ann = run_mode(CodingMode::ann, mem->block, scales, q, c);
        for (std::size_t k = 0; k < modes.size(); ++k) {
            const Run r = k == 0 ? ann : run_mode(modes[k], mem->block, scales, q, c, 3);
            auto& s = summary[k];
            s.recall = recall(r.outputs, *mem);
            s.cosine = mean_cosine(r.outputs, ann.outputs);
            s.relative_l2 = relative_l2(r.outputs, ann.outputs);
            s.key_correlation = pearson(r.keys, ann.keys);
            s.synops = r.spiking.synops_per_query;
            s.energy_pj = (k == 0 ? energy_per_mac_pj : energy_per_synop_pj) * s.synops;
            s.readout_ms = r.spiking.readout_ms;
            s.spikes_per_neuron = r.spiking.spikes_per_neuron;
            s.keys = r.keys;
            s.raster_source = r.spiking;
        }
    }
    if (random) {
        const DenseNetwork block = make_random_block(o.kv);
        const auto scales = activation_scales(block, make_random_inputs(o.kv, 1000, 1),
                                              Normalisation::percentile, 99.9, true);
        const Eigen::MatrixXd x = make_random_inputs(o.kv, o.kv.queries, 0);
        const Run ann = run_mode(CodingMode::ann, block, scales, x, c);
        for (std::size_t k = 0; k < modes.size(); ++k) {
            const Run r = k == 0 ? ann : run_mode(modes[k], block, scales, x, c);
            summary[k].random_cosine = mean_cosine(r.outputs, ann.outputs);
            summary[k].random_relative_l2 = relative_l2(r.outputs, ann.outputs);
            if (!memory) {
                summary[k].key_correlation = pearson(r.keys, ann.keys);
                summary[k].synops = r.spiking.synops_per_query;
                summary[k].energy_pj =
                    (k == 0 ? energy_per_mac_pj : energy_per_synop_pj) * summary[k].synops;
                summary[k].readout_ms = r.spiking.readout_ms;
            }
        }
    }
    // Sweeps of recall over the noise level and the number of stored pairs.
    std::vector<std::vector<double>> noise_recall(modes.size()), memories_recall(modes.size());
    if (memory && !o.no_sweep) {
        auto recall_at = [&](KvOptions kv, std::size_t k) {
            kv.queries = o.sweep_queries;
            const MemoryBlock mb = make_memory_block(kv);
            const auto scales = activation_scales(mb.block, make_memory_queries(kv, mb, 500, 1),
                                                  Normalisation::percentile, 99.9, true);
            return recall(
                run_mode(modes[k], mb.block, scales, make_memory_queries(kv, mb, kv.queries, 0), c)
                    .outputs,
                mb);
        };
        for (std::size_t k = 0; k < modes.size(); ++k) {
            for (double n : o.sweep_noise) {
                KvOptions kv = o.kv;
                kv.noise = n;
                noise_recall[k].push_back(recall_at(kv, k));
            }
            for (int m : o.sweep_memories) {
                KvOptions kv = o.kv;
                kv.memories = m;
                memories_recall[k].push_back(recall_at(kv, k));
            }
        }
    }

    std::printf("kv: feed-forward block d = %d, d_ff = %d (ReLU); memory: M = %d pairs, query "
                "noise %g, threshold %g; "
                "%d queries\nspiking: Dale-compliant (ON/OFF inputs, E/I key copies, E/I output "
                "pairs); rate: %s input, "
                "%g ms; ttfs: phase %g ms; delay %g ms\n\n",
                o.kv.d, o.kv.d_ff, o.kv.memories, o.kv.noise, o.kv.threshold, o.kv.queries,
                o.encoding.c_str(), c.duration, c.phase, c.delay);
    std::printf("%-6s %8s %8s %9s %10s %10s %9s %10s %11s %10s\n", "mode", "recall", "cosine",
                "rel. L2", "rand cos", "rand L2", "key corr", "synops", "energy nJ", "readout ms");
    for (const auto& s : summary)
        std::printf("%-6s %8s %8s %9s %10s %10s %9s %10.0f %11.2f %10s\n", s.name.c_str(),
                    number_or_dash(s.recall).c_str(), number_or_dash(s.cosine).c_str(),
                    number_or_dash(s.relative_l2).c_str(), number_or_dash(s.random_cosine).c_str(),
                    number_or_dash(s.random_relative_l2).c_str(),
                    number_or_dash(s.key_correlation).c_str(), s.synops, s.energy_pj / 1000,
                    number_or_dash(s.readout_ms, "%.1f").c_str());
    std::printf("cosine, rel. L2: output against the ann output (memory workload); rand: the "
                "random workload; key corr: "
                "Pearson correlation of decoded key activations with the ann's; synops per query "
                "(ann: MACs); energy "
                "%.1f pJ/MAC, %.1f pJ/synaptic operation (Horowitz 2014)\n",
                energy_per_mac_pj, energy_per_synop_pj);
    if (memory && !o.no_sweep) {
        std::printf("\nrecall vs noise (M = %d):", o.kv.memories);
        for (std::size_t k = 0; k < modes.size(); ++k) {
            std::printf("\n  %-5s", summary[k].name.c_str());
            for (std::size_t j = 0; j < o.sweep_noise.size(); ++j)
                std::printf("  %g: %.2f", o.sweep_noise[j], noise_recall[k][j]);
        }
        std::printf("\nrecall vs stored pairs M (noise %g):", o.kv.noise);
        for (std::size_t k = 0; k < modes.size(); ++k) {
            std::printf("\n  %-5s", summary[k].name.c_str());
            for (std::size_t j = 0; j < o.sweep_memories.size(); ++j)
                std::printf("  %d: %.2f", o.sweep_memories[j], memories_recall[k][j]);
        }
        std::printf("\n");
    }
    if (memory) interpret(*mem, make_memory_queries(o.kv, *mem, 1, 0).row(0).transpose(), summary);

    std::ostringstream config;
    config << "kv d=" << o.kv.d << " d_ff=" << o.kv.d_ff << " memories=" << o.kv.memories
           << " noise=" << o.kv.noise << " threshold=" << o.kv.threshold
           << " queries=" << o.kv.queries << " duration=" << c.duration << " phase=" << c.phase
           << " encoding=" << o.encoding;
    SonataWriter w(o.out, Provenance{version, command_line, config.str(), o.kv.seed, o.threads});
    {
        auto results = hdf5::create_group(w.file(), "/results");
        for (const auto& s : summary) {
            auto g = hdf5::create_group(results.get(), s.name);
            hdf5::write_attribute(g.get(), "recall", s.recall);
            hdf5::write_attribute(g.get(), "cosine", s.cosine);
            hdf5::write_attribute(g.get(), "relative_l2", s.relative_l2);
            hdf5::write_attribute(g.get(), "random_cosine", s.random_cosine);
            hdf5::write_attribute(g.get(), "random_relative_l2", s.random_relative_l2);
            hdf5::write_attribute(g.get(), "key_correlation", s.key_correlation);
            hdf5::write_attribute(g.get(), "synops_per_query", s.synops);
            hdf5::write_attribute(g.get(), "energy_pj", s.energy_pj);
            hdf5::write_attribute(g.get(), "readout_ms", s.readout_ms);
            if (s.keys.size() > 0) {
                const Eigen::Index rows = std::min<Eigen::Index>(s.keys.rows(), 50);
                const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> k =
                    s.keys.topRows(rows);
                hdf5::write_matrix(g.get(), "key_activations", std::size_t(k.rows()),
                                   std::size_t(k.cols()), k.data());
            }
            const auto& r = s.raster_source;
            for (std::size_t j = 0; j < r.raster_names.size(); ++j) {
                const std::string pop = s.name + "_" + r.raster_names[j];
                w.declare_spikes(pop);
                w.write_spikes(pop, r.raster_times[j], r.raster_ids[j]);
            }
        }
        if (memory && !o.no_sweep) {
            auto g = hdf5::create_group(w.file(), "/sweep");
            hdf5::write_vector(g.get(), "noise", std::span<const double>(o.sweep_noise));
            std::vector<double> ms(o.sweep_memories.begin(), o.sweep_memories.end());
            hdf5::write_vector(g.get(), "memories", std::span<const double>(ms));
            for (std::size_t k = 0; k < modes.size(); ++k) {
                hdf5::write_vector(g.get(), "recall_vs_noise_" + summary[k].name,
                                   std::span<const double>(noise_recall[k]));
                hdf5::write_vector(g.get(), "recall_vs_memories_" + summary[k].name,
                                   std::span<const double>(memories_recall[k]));
            }
        }
    }
    w.commit();
    std::printf("\noutput: %s\n", o.out.c_str());
    if (o.plot) plot_experiment("plot_kv.py", o.out);
    return 0;
}

} // namespace spikesim::cli
