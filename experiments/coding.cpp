#include "experiments/coding.hpp"

#include "sim/simulation.hpp"

#include <tbb/parallel_for.h>

#include <cmath>
#include <numeric>

namespace spikesim {
namespace {

int argmax_or_none(const std::vector<double>& v) {
    int best = -1;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] > 0 && (best < 0 || v[i] > v[std::size_t(best)])) best = int(i);
    return best;
}

struct SampleOutcome {
    int prediction = -1;
    double first_spike = std::nan(""), stable_from = std::nan("");
    std::vector<int> prediction_at;
    std::vector<double> synops_at;
    std::uint64_t spikes = 0, synops = 0;
    std::uint32_t neurons = 0; // of the sample's network
    std::size_t synapses = 0;
};

// Every rank's block of outcomes [first, end) to every rank, so that each holds all
// outcomes in sample order (blocks follow the ranks' order). Each outcome travels as
// doubles, which hold its integers exactly.
void share_outcomes(Communicator& comm, std::vector<SampleOutcome>& outcomes, std::uint32_t first,
                    std::uint32_t end, std::size_t times) {
    if (comm.size() == 1) return;
    const std::size_t width = 7 + 2 * times;
    std::vector<double> mine;
    for (std::uint32_t i = first; i < end; ++i) {
        const SampleOutcome& o = outcomes[i];
        mine.insert(mine.end(),
                    {double(o.prediction), o.first_spike, o.stable_from, double(o.spikes),
                     double(o.synops), double(o.neurons), double(o.synapses)});
        for (std::size_t k = 0; k < times; ++k) // one of each per evaluation time
            mine.push_back(double(o.prediction_at[k]));
        for (std::size_t k = 0; k < times; ++k)
            mine.push_back(o.synops_at[k]);
    }
    const std::vector<double> all = from_every_rank(comm, std::move(mine));
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const double* v = all.data() + i * width;
        SampleOutcome& o = outcomes[i];
        o.prediction = int(v[0]);
        o.first_spike = v[1];
        o.stable_from = v[2];
        o.spikes = std::uint64_t(v[3]);
        o.synops = std::uint64_t(v[4]);
        o.neurons = std::uint32_t(v[5]);
        o.synapses = std::size_t(v[6]);
        o.prediction_at.assign(v + 7, v + 7 + times);
        o.synops_at.assign(v + 7 + times, v + width);
    }
}

// Synaptic operations caused by spikes emitted before each time: each spike counts its
// neuron's fan-out over all outgoing projections.
std::vector<double> synops_before(const Network& net, const std::vector<SpikeMonitor*>& monitors,
                                  const std::vector<PopulationId>& pops,
                                  const std::vector<double>& times) {
    std::vector<double> out(times.size(), 0.0);
    for (std::size_t k = 0; k < pops.size(); ++k) {
        std::vector<std::uint64_t> fanout(net.population(pops[k]).size(), 0);
        for (const auto& p : net.projections())
            if (p.source_population == pops[k].index)
                for (std::uint32_t s = 0; s < p.source_count(); ++s)
                    fanout[s] += p.offsets[s + 1] - p.offsets[s];
        const auto& t = monitors[k]->times();
        const auto& id = monitors[k]->node_ids();
        for (std::size_t j = 0; j < t.size(); ++j)
            for (std::size_t e = 0; e < times.size(); ++e)
                if (t[j] < times[e]) out[e] += double(fanout[id[j]]);
    }
    return out;
}

// The potential of every output neuron each ms, when rate mode reads the membrane
// (non-spiking outputs); nothing otherwise.
const MembraneMonitor* record_readout(Simulation& sim, const SpikingNetwork& s,
                                      const ConversionOptions& c, std::size_t classes) {
    if (c.mode != CodingMode::rate || c.readout != Readout::membrane) return nullptr;
    std::vector<std::uint32_t> all(classes);
    std::iota(all.begin(), all.end(), 0u);
    return &sim.record_membrane(s.output, all, 1.0);
}

// Reads the decision of one simulated sample over time.
SampleOutcome decide(const SpikingNetwork& s, const Simulation& sim, const SpikeMonitor& out,
                     const MembraneMonitor* membrane, const CodingRun& run, std::size_t classes) {
    SampleOutcome o;
    for (auto c : sim.statistics().spikes_per_population)
        o.spikes += c;
    o.synops = sim.statistics().synaptic_events;
    const auto& t = out.times();
    const auto& id = out.node_ids();
    if (!t.empty()) o.first_spike = t[0];
    if (run.conversion.mode == CodingMode::ttfs) {
        if (!t.empty()) o.prediction = int(id[0]);
        o.stable_from = o.first_spike;
        for (double te : run.times)
            o.prediction_at.push_back(!t.empty() && t[0] <= s.decision_from + te ? o.prediction
                                                                                 : -1);
        return o;
    }
    if (membrane) { // non-spiking output: argmax of the potential, sampled every interval
        std::vector<double> v(classes);
        int last = -1;
        std::size_t next_time = 0;
        for (std::uint64_t row = 0; row < membrane->rows(); ++row) {
            const double now = double(row) * membrane->interval();
            for (std::size_t c = 0; c < classes; ++c)
                v[c] = membrane->value(row, c);
            int best = 0;
            for (std::size_t c = 1; c < classes; ++c)
                if (v[c] > v[std::size_t(best)]) best = int(c);
            if (v[std::size_t(best)] == 0.0) best = -1; // nothing integrated yet
            if (best != last) o.stable_from = now;
            last = best;
            while (next_time < run.times.size() && run.times[next_time] <= now) {
                o.prediction_at.push_back(best);
                ++next_time;
            }
        }
        while (o.prediction_at.size() < run.times.size())
            o.prediction_at.push_back(last);
        o.prediction = last;
        return o;
    }
    std::vector<double> counts(classes);
    int current = -1;
    std::size_t k = 0;
    for (double te : run.times) {
        for (; k < t.size() && t[k] <= te; ++k) {
            ++counts[id[k]];
            const int now = argmax_or_none(counts);
            if (now != current) o.stable_from = t[k];
            current = now;
        }
        o.prediction_at.push_back(current);
    }
    for (; k < t.size(); ++k) {
        ++counts[id[k]];
        const int now = argmax_or_none(counts);
        if (now != current) o.stable_from = t[k];
        current = now;
    }
    o.prediction = current;
    return o;
}

} // namespace

ModeResult evaluate_ann(const DenseNetwork& ann, const LabelledData& test, bool dale_split) {
    ModeResult r;
    r.name = dale_split ? "ann_dale" : "ann";
    r.dale = dale_split;
    r.samples = test.size();
    const Eigen::MatrixXd z = dale_split ? logits_dale_split(ann, test.x) : ann.logits(test.x);
    std::size_t right = 0;
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
        Eigen::Index best;
        z.row(i).maxCoeff(&best);
        right += int(best) == test.y[std::size_t(i)];
    }
    r.accuracy = double(right) / double(test.size());
    r.agreement_with_ann = 1.0;
    r.latency_ms = r.stable_ms = std::nan(""); // one pass, no time
    r.synops_per_sample = double(ann.macs());
    r.energy_pj = energy_per_mac_pj * double(ann.macs());
    for (const auto& l : ann.layers())
        r.neurons += std::uint32_t(l.w.rows());
    r.synapses = ann.macs();
    return r;
}

ModeResult evaluate_spiking(const DenseNetwork& ann, const std::vector<double>& scales,
                            const LabelledData& test, const CodingRun& run,
                            const std::vector<int>& ann_predictions) {
    const Converter converter(ann, scales, run.conversion);
    const std::size_t n = test.size();
    const std::size_t classes = std::size_t(ann.layers().back().w.rows());
    std::vector<SampleOutcome> outcomes(n);
    std::vector<std::vector<SpikeRaster>> rasters(std::min(n, run.raster_samples));
    ModeResult r;
    r.mode = run.conversion.mode;
    r.dale = run.conversion.dale;
    r.name = std::string(to_string(r.mode)) + (r.dale ? "_dale" : "");
    r.samples = n;
    r.times = run.times;
    // This rank's block of samples; rank 0 also runs the samples whose spike trains are
    // kept (again, when another rank owns them: the same simulation gives the same trains).
    SingleProcess alone;
    Communicator& comm = run.ranks ? *run.ranks : alone;
    const Partition part = comm.partition();
    const auto first = part.first(std::uint32_t(n)), end = part.end(std::uint32_t(n));
    const std::vector<std::size_t> mine = items_of_rank(comm, n, 0, rasters.size());
    tbb::parallel_for(std::size_t(0), mine.size(), [&](std::size_t k) {
        const std::size_t i = mine[k];
        SpikingNetwork s = converter.build(test.x.row(Eigen::Index(i)).transpose(), i);
        Simulation sim(s.network);
        auto& out = sim.record_spikes(s.output);
        const MembraneMonitor* membrane = record_readout(sim, s, run.conversion, classes);
        std::vector<SpikeMonitor*> raster;
        for (auto p : s.layer_populations)
            raster.push_back(&sim.record_spikes(p));
        sim.run(s.duration);
        outcomes[i] = decide(s, sim, out, membrane, run, classes);
        std::vector<double> absolute = run.times;
        for (auto& t : absolute)
            t += s.decision_from;
        outcomes[i].synops_at = synops_before(s.network, raster, s.layer_populations, absolute);
        outcomes[i].neurons = s.network.neuron_count();
        outcomes[i].synapses = s.network.synapse_count();
        if (i < run.raster_samples)
            for (auto* m : raster)
                rasters[i].push_back(SpikeRaster::of(
                    *m, "sample" + std::to_string(i) + "_" + m->population(), s.duration));
    });
    share_outcomes(comm, outcomes, first, end, run.times.size());
    if (n > 0) {
        r.neurons = outcomes[0].neurons;
        r.synapses = outcomes[0].synapses;
    }
    for (auto& sample : rasters) // rank 0's
        for (auto& raster : sample)
            r.rasters.push_back(std::move(raster));
    double right = 0, agree = 0, spikes = 0, synops = 0, latency = 0, stable = 0, decided = 0;
    r.accuracy_at.assign(run.times.size(), 0.0);
    r.synops_at.assign(run.times.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& o = outcomes[i];
        right += o.prediction == test.y[i];
        agree += o.prediction == ann_predictions[i];
        spikes += double(o.spikes);
        synops += double(o.synops);
        if (o.prediction >= 0) {
            decided += 1;
            latency += o.first_spike;
            stable += o.stable_from;
        }
        for (std::size_t k = 0; k < run.times.size(); ++k) {
            r.accuracy_at[k] += o.prediction_at[k] == test.y[i];
            r.synops_at[k] += o.synops_at[k];
        }
    }
    const double dn = double(n);
    r.accuracy = right / dn;
    r.agreement_with_ann = agree / dn;
    r.spikes_per_neuron = spikes / dn / double(r.neurons);
    r.synops_per_sample = synops / dn;
    r.energy_pj = energy_per_synop_pj * r.synops_per_sample;
    r.latency_ms = decided > 0 ? latency / decided : std::nan("");
    r.stable_ms = decided > 0 ? stable / decided : std::nan("");
    r.undecided = 1.0 - decided / dn;
    for (auto& a : r.accuracy_at)
        a /= dn;
    for (auto& a : r.synops_at)
        a /= dn;
    return r;
}

std::vector<SampleResult> run_samples(const Converter& converter, const Eigen::MatrixXd& x) {
    std::vector<SampleResult> results(std::size_t(x.rows()));
    const CodingRun run{converter.options(), {}, 0};
    tbb::parallel_for(std::size_t(0), results.size(), [&](std::size_t i) {
        SpikingNetwork s = converter.build(x.row(Eigen::Index(i)).transpose(), i);
        const std::size_t classes = s.network.population(s.output).size();
        Simulation sim(s.network);
        auto& out = sim.record_spikes(s.output);
        const MembraneMonitor* membrane = record_readout(sim, s, run.conversion, classes);
        sim.run(s.duration);
        const SampleOutcome o = decide(s, sim, out, membrane, run, classes);
        SampleResult& r = results[i];
        r.prediction = o.prediction;
        r.first_spike = o.first_spike;
        r.spikes = o.spikes;
        r.synops = o.synops;
        const bool ttfs = run.conversion.mode == CodingMode::ttfs;
        r.outputs.assign(classes, ttfs ? std::nan("") : 0.0);
        for (std::size_t k = 0; k < out.times().size(); ++k) {
            double& v = r.outputs[out.node_ids()[k]];
            if (!ttfs)
                v += 1;
            else if (std::isnan(v))
                v = out.times()[k];
        }
        if (membrane && membrane->rows() > 0)
            for (std::size_t c = 0; c < classes; ++c)
                r.outputs[c] = membrane->value(membrane->rows() - 1, c);
    });
    return results;
}

} // namespace spikesim
