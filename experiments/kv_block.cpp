#include "experiments/kv_block.hpp"

#include "sim/errors.hpp"
#include "sim/random.hpp"
#include "sim/simulation.hpp"

#include <tbb/parallel_for.h>

#include <cmath>

namespace spikesim {
namespace {

Eigen::MatrixXd gaussian(int rows, int cols, double sd, std::uint64_t seed, const char* purpose) {
    Eigen::MatrixXd m(rows, cols);
    RandomStream s(seed, purpose_of(purpose), 0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m(r, c) = sd * s.normal();
    return m;
}

Eigen::MatrixXd unit_rows(Eigen::MatrixXd m) {
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        m.row(r).normalize();
    return m;
}

// Decodes rate: count / (r_max T) of the spikes in [phase_start, phase_start + T), T the
// input's duration (phase_start: the latency jitter adds to the layers before); ttfs:
// 1 - (t - P) / T of the first spike in the phase that starts at P = phase_start.
Eigen::VectorXd decode(const SpikeMonitor& m, std::uint32_t n, const ConversionOptions& o,
                       double phase_start) {
    Eigen::VectorXd a = Eigen::VectorXd::Zero(n);
    for (std::size_t k = 0; k < m.times().size(); ++k) {
        const auto i = static_cast<Eigen::Index>(m.node_ids()[k]);
        const double t = m.times()[k];
        if (o.mode == CodingMode::ttfs)
            a[i] = std::max(a[i], 1.0 - (t - phase_start) / o.phase);
        else if (t >= phase_start && t < phase_start + o.duration)
            a[i] += 1.0 / (o.max_rate * o.duration);
    }
    return a;
}

} // namespace

void KvOptions::validate() const {
    auto bad = [](const std::string& option, const std::string& expected, double got) {
        return InputError("kv", option, expected, format_number(got));
    };
    if (d < 1 || d > 4096) throw bad("d", "an integer from 1 to 4096", d);
    if (d_ff < 1 || d_ff > 65536) throw bad("d_ff", "an integer from 1 to 65536", d_ff);
    if (memories < 1 || memories > d_ff)
        throw bad("memories", "an integer from 1 to d_ff (" + std::to_string(d_ff) + ")", memories);
    if (!(noise >= 0) || !std::isfinite(noise)) throw bad("noise", "a number >= 0", noise);
    if (!(threshold >= 0 && threshold < 1)) throw bad("threshold", "a cosine in [0, 1)", threshold);
    if (queries < 1 || queries > 1000000)
        throw bad("queries", "an integer from 1 to 1000000", queries);
}

MemoryBlock make_memory_block(const KvOptions& o) {
    MemoryBlock m{DenseNetwork({o.d, o.d_ff, o.d}, Activation::relu, o.seed), {}, {}};
    m.keys = unit_rows(gaussian(o.memories, o.d, 1.0, o.seed, "kv-keys"));
    m.values = unit_rows(gaussian(o.memories, o.d, 1.0, o.seed, "kv-values"));
    auto& up = m.block.layers()[0];
    auto& down = m.block.layers()[1];
    const double gain = 1.0 / (1.0 - o.threshold);
    up.w.setZero();
    up.b.setConstant(-1.0); // unused units never fire
    down.w.setZero();
    down.b.setZero();
    for (int i = 0; i < o.memories; ++i) {
        up.w.row(i) = gain * m.keys.row(i);
        up.b[i] = -gain * o.threshold;
        down.w.col(i) = m.values.row(i).transpose();
    }
    return m;
}

Eigen::MatrixXd make_memory_queries(const KvOptions& o, const MemoryBlock& m, int count,
                                    std::uint64_t stream) {
    Eigen::MatrixXd q(count, o.d);
    RandomStream s(o.seed, purpose_of("kv-query-noise"), stream);
    for (int k = 0; k < count; ++k) {
        Eigen::VectorXd e(o.d);
        for (int j = 0; j < o.d; ++j)
            e[j] = s.normal();
        q.row(k) = m.keys.row(k % o.memories) + o.noise * e.normalized().transpose();
    }
    return q;
}

DenseNetwork make_random_block(const KvOptions& o) {
    DenseNetwork b({o.d, o.d_ff, o.d}, Activation::relu, o.seed);
    b.layers()[0].w = gaussian(o.d_ff, o.d, 1.0 / std::sqrt(double(o.d)), o.seed, "kv-random-up");
    b.layers()[0].b = gaussian(o.d_ff, 1, 0.1, o.seed, "kv-random-b-up");
    b.layers()[1].w =
        gaussian(o.d, o.d_ff, 1.0 / std::sqrt(double(o.d_ff)), o.seed, "kv-random-down");
    b.layers()[1].b = gaussian(o.d, 1, 0.1, o.seed, "kv-random-b-down");
    return b;
}

Eigen::MatrixXd make_random_inputs(const KvOptions& o, int count, std::uint64_t stream) {
    return gaussian(count, o.d, 1.0, o.seed + 1000003 * stream, "kv-random-inputs");
}

double recall(const Eigen::MatrixXd& outputs, const MemoryBlock& m) {
    double right = 0;
    for (Eigen::Index q = 0; q < outputs.rows(); ++q) {
        Eigen::Index best;
        (m.values.rowwise() - outputs.row(q)).rowwise().squaredNorm().minCoeff(&best);
        right += best == q % m.values.rows();
    }
    return right / double(outputs.rows());
}

double mean_cosine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    double sum = 0;
    for (Eigen::Index r = 0; r < a.rows(); ++r) {
        const double na = a.row(r).norm(), nb = b.row(r).norm();
        sum += na > 0 && nb > 0 ? a.row(r).dot(b.row(r)) / (na * nb) : 0.0;
    }
    return sum / double(a.rows());
}

double relative_l2(const Eigen::MatrixXd& approx, const Eigen::MatrixXd& exact) {
    return (approx - exact).norm() / exact.norm();
}

double pearson(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    const Eigen::ArrayXd x = a.reshaped().array() - a.mean(), y = b.reshaped().array() - b.mean();
    const double den = std::sqrt((x * x).sum() * (y * y).sum());
    return den > 0 ? (x * y).sum() / den : 0.0;
}

Attribution attribute(const DenseNetwork& block, const Eigen::VectorXd& x) {
    const auto a = block.forward_all(x.transpose());
    Attribution r;
    r.activation = a[1].row(0).transpose();
    r.contribution = block.layers()[1].w * r.activation.asDiagonal();
    return r;
}

MemoryWorkload make_memory_workload(const KvOptions& o, int calibration) {
    MemoryWorkload w{make_memory_block(o), {}, {}, {}};
    w.calibration = make_memory_queries(o, w.memory, calibration, 1);
    w.scales =
        activation_scales(w.memory.block, w.calibration, Normalisation::percentile, 99.9, true);
    w.queries = make_memory_queries(o, w.memory, o.queries, 0);
    return w;
}

namespace {

// Every rank's block [first, end) of the queries' results to every rank, in query order
// (blocks follow the ranks' order): each query's outputs, key activations, synaptic events
// and spikes, as doubles.
void share_query_results(Communicator& comm, SpikingBlockResult& r, std::vector<double>& synops,
                         std::vector<double>& spikes, std::uint32_t first, std::uint32_t end) {
    if (comm.size() == 1) return;
    const auto d = r.outputs.cols(), d_ff = r.keys.cols();
    const auto width = std::size_t(d + d_ff + 2);
    std::vector<double> mine;
    for (std::uint32_t q = first; q < end; ++q) {
        for (Eigen::Index j = 0; j < d; ++j)
            mine.push_back(r.outputs(q, j));
        for (Eigen::Index j = 0; j < d_ff; ++j)
            mine.push_back(r.keys(q, j));
        mine.push_back(synops[q]);
        mine.push_back(spikes[q]);
    }
    const std::vector<double> all = from_every_rank(comm, std::move(mine));
    for (std::size_t q = 0; q < synops.size(); ++q) {
        const double* v = all.data() + q * width;
        for (Eigen::Index j = 0; j < d; ++j)
            r.outputs(Eigen::Index(q), j) = v[j];
        for (Eigen::Index j = 0; j < d_ff; ++j)
            r.keys(Eigen::Index(q), j) = v[d + j];
        synops[q] = v[d + d_ff];
        spikes[q] = v[d + d_ff + 1];
    }
}

} // namespace

SpikingBlockResult run_spiking_block(const DenseNetwork& block, const std::vector<double>& scales,
                                     const Eigen::MatrixXd& queries, ConversionOptions conversion,
                                     std::size_t raster_queries, Communicator* ranks) {
    conversion.signed_input = conversion.signed_output = true;
    conversion.dale = true;
    const Converter converter(block, scales, conversion);
    const auto n = static_cast<std::size_t>(queries.rows());
    const auto d = static_cast<std::uint32_t>(block.layers()[1].w.rows());
    const auto d_ff = static_cast<std::uint32_t>(block.layers()[0].w.rows());
    SpikingBlockResult r;
    r.outputs.resize(queries.rows(), d);
    r.keys.resize(queries.rows(), d_ff);
    std::vector<double> synops(n), spikes(n);
    std::vector<std::vector<SpikeRaster>> rasters(std::min(n, raster_queries));
    // This rank's block of queries, and query 0 (the network's sizes, on every rank); rank 0
    // also runs the queries whose spike trains are kept, again when another rank owns them.
    SingleProcess alone;
    Communicator& comm = ranks ? *ranks : alone;
    const Partition part = comm.partition();
    const auto first = part.first(std::uint32_t(n)), end = part.end(std::uint32_t(n));
    const std::vector<std::size_t> mine = items_of_rank(comm, n, 1, rasters.size());
    tbb::parallel_for(std::size_t(0), mine.size(), [&](std::size_t k) {
        const std::size_t q = mine[k];
        SpikingNetwork s = converter.build(queries.row(Eigen::Index(q)).transpose(), q);
        Simulation sim(s.network);
        auto& pos = sim.record_spikes(s.outputs[0]);
        auto& neg = sim.record_spikes(s.outputs[1]);
        auto& keys = sim.record_spikes(s.hidden[0]);
        std::vector<SpikeMonitor*> all;
        if (q < raster_queries)
            for (auto p : s.layer_populations)
                all.push_back(&sim.record_spikes(p));
        sim.run(s.duration);
        const double delay = converter.synaptic_delay();
        const bool ttfs = conversion.mode == CodingMode::ttfs;
        const double extra = delay - conversion.delay; // jitter's bound, per layer
        const double p1 = ttfs ? conversion.phase + delay : extra,
                     p2 = ttfs ? 2 * (conversion.phase + delay) : 2 * extra;
        r.outputs.row(Eigen::Index(q)) =
            scales[2] *
            (decode(pos, d, conversion, p2) - decode(neg, d, conversion, p2)).transpose();
        r.keys.row(Eigen::Index(q)) = scales[1] * decode(keys, d_ff, conversion, p1).transpose();
        synops[q] = double(sim.statistics().synaptic_events);
        for (auto c : sim.statistics().spikes_per_population)
            spikes[q] += double(c);
        if (q == 0) {
            r.neurons = s.network.neuron_count();
            for (const auto& p : s.network.populations())
                if (p.dale == Dale::inhibitory) r.inhibitory_neurons += p.size();
            r.synapses = s.network.synapse_count();
            r.readout_ms =
                conversion.mode == CodingMode::ttfs ? p2 + conversion.phase : conversion.duration;
        }
        for (auto* m : all)
            rasters[q].push_back(SpikeRaster::of(
                *m, "query" + std::to_string(q) + "_" + m->population(), s.duration));
    });
    share_query_results(comm, r, synops, spikes, first, end);
    for (std::size_t q = 0; q < n; ++q) {
        r.synops_per_query += synops[q] / double(n);
        r.spikes_per_neuron += spikes[q] / double(n) / double(r.neurons);
    }
    for (auto& per_query : rasters)
        for (auto& raster : per_query)
            r.rasters.push_back(std::move(raster));
    return r;
}

} // namespace spikesim
