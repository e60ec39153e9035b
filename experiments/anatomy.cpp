#include "experiments/anatomy.hpp"

#include "experiments/kv_block.hpp"
#include "models/conversion.hpp"
#include "sim/errors.hpp"

#include <algorithm>

namespace spikesim {
namespace {

// Counts in 64 bits, refused when they would wrap around (GPT-sized products are near
// 2^38; a shape of 2^40 x 2^40 is a mistake, not a network).
std::uint64_t plus(std::uint64_t a, std::uint64_t b) {
    std::uint64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw InputError("anatomy", "shape", "counts below 2^64", "a sum that overflows");
    return r;
}
std::uint64_t times(std::initializer_list<std::uint64_t> factors) {
    std::uint64_t r = 1;
    for (auto f : factors)
        if (__builtin_mul_overflow(r, f, &r))
            throw InputError("anatomy", "shape", "counts below 2^64", "a product that overflows");
    return r;
}

} // namespace

std::uint64_t Anatomy::neurons() const {
    std::uint64_t n = 0;
    for (const auto& m : modules)
        n = plus(n, m.neurons);
    return n;
}

std::uint64_t Anatomy::synapses() const {
    std::uint64_t n = 0;
    for (const auto& m : modules)
        n = plus(n, m.synapses);
    return n;
}

void Anatomy::add(const Anatomy& part, const std::string& prefix) {
    for (auto m : part.modules) {
        if (!prefix.empty()) m.name = prefix + m.name;
        modules.push_back(std::move(m));
    }
}

Anatomy linear(std::uint64_t out, std::uint64_t in, const std::string& name) {
    return {name,
            {{name + " " + std::to_string(out) + "x" + std::to_string(in), out, times({out, in})}},
            {}};
}

Anatomy mlp(const std::vector<std::uint64_t>& widths) {
    if (widths.size() < 2)
        throw InputError("anatomy", "mlp", "at least two widths (inputs, outputs)", "fewer");
    Anatomy a{"MLP", {}, {}};
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
        a.add(linear(widths[l + 1], widths[l], "layer " + std::to_string(l + 1)));
    return a;
}

Anatomy conv2d(std::uint64_t out, std::uint64_t in, std::uint64_t k) {
    const std::string shape = std::to_string(out) + "x" + std::to_string(in) + "x" +
                              std::to_string(k) + "x" + std::to_string(k);
    return {"conv2d",
            {{"conv2d " + shape, out, times({out, in, k, k})}},
            {"each filter is one neuron with in*k*k synapses"}};
}

namespace {
Anatomy gated_cell(const std::string& kind, std::uint64_t gates, std::uint64_t input,
                   std::uint64_t hidden) {
    return {kind,
            {{kind + " cell (" + std::to_string(gates) + " gates, " + std::to_string(input) +
                  " in, " + std::to_string(hidden) + " hidden)",
              times({gates, hidden}), times({gates, hidden, plus(input, hidden)})}},
            {}};
}
} // namespace

Anatomy rnn_cell(std::uint64_t input, std::uint64_t hidden) {
    return gated_cell("RNN", 1, input, hidden);
}
Anatomy lstm_cell(std::uint64_t input, std::uint64_t hidden) {
    return gated_cell("LSTM", 4, input, hidden);
}
Anatomy gru_cell(std::uint64_t input, std::uint64_t hidden) {
    return gated_cell("GRU", 3, input, hidden);
}

Anatomy gpt_block(std::uint64_t d) {
    Anatomy a{"GPT block d=" + std::to_string(d), {}, {}};
    const std::uint64_t d4 = times({4, d}), weights = times({4, d, d});
    const std::string dd = std::to_string(d) + "x" + std::to_string(d);
    a.modules.push_back({"attention Q, K, V, O (4 x " + dd + ")", d4, weights});
    a.modules.push_back(
        {"MLP keys (" + std::to_string(d4) + "x" + std::to_string(d) + ")", d4, weights});
    a.modules.push_back(
        {"MLP values (" + std::to_string(d) + "x" + std::to_string(d4) + ")", d, weights});
    a.neurons(); // the totals must fit too
    a.synapses();
    return a;
}

Anatomy gpt(std::uint64_t d, std::uint64_t blocks) {
    const Anatomy block = gpt_block(d);
    Anatomy a{"GPT d=" + std::to_string(d) + ", " + std::to_string(blocks) + " blocks", {}, {}};
    for (auto m : block.modules) {
        m.name = std::to_string(blocks) + " blocks x " + m.name;
        m.neurons = times({m.neurons, blocks});
        m.synapses = times({m.synapses, blocks});
        a.modules.push_back(std::move(m));
    }
    a.neurons();
    a.synapses();
    return a;
}

Anatomy anatomy_of(const Network& net, const std::string& title) {
    Anatomy a{title, {}, {}};
    for (std::uint32_t p = 0; p < net.populations().size(); ++p) {
        const Population& pop = net.populations()[p];
        std::uint64_t synapses = 0;
        for (const auto& proj : net.projections())
            if (proj.target_population == p) synapses += proj.synapse_count();
        std::string role =
            pop.group->receives_input() ? std::string(pop.group->model()) : "input encoder";
        a.modules.push_back(
            {pop.name + " (" + role + ", " + to_string(pop.dale) + ")", pop.size(), synapses});
    }
    return a;
}

const std::vector<std::string>& anatomy_presets() {
    static const std::vector<std::string> names{"gpt3", "gpt2", "digits", "kv", "brain"};
    return names;
}

namespace {
// The spiking versions of an ANN as the converter builds them, mixed and Dale-compliant.
std::vector<Anatomy> spiking_versions(const DenseNetwork& ann, const Eigen::VectorXd& sample,
                                      ConversionOptions o, const std::string& what) {
    std::uint64_t ann_neurons = 0, ann_synapses = 0;
    for (const auto& l : ann.layers()) {
        ann_neurons += std::uint64_t(l.w.rows());
        ann_synapses += std::uint64_t(l.w.size());
    }
    std::vector<Anatomy> out;
    for (bool dale : {false, true}) {
        o.dale = dale;
        o.mode = CodingMode::ttfs; // same populations and synapses as rate
        std::vector<double> scales(ann.layers().size() + 1, 1.0);
        const SpikingNetwork s = Converter(ann, scales, o).build(sample, 0);
        Anatomy a = anatomy_of(s.network, what + (dale ? ", spiking, Dale-compliant (E/I split)"
                                                       : ", spiking, mixed"));
        std::uint64_t encoders = 0;
        for (const auto& pop : s.network.populations())
            if (!pop.group->receives_input()) encoders += pop.size();
        a.notes.push_back("input encoders add " + std::to_string(encoders) +
                          " neurons (spike sources, without synapses of their own)");
        std::string how = dale ? "E/I split" : "conversion";
        if (o.signed_input) how += ", ON/OFF inputs, signed-output pairs";
        a.notes.push_back(
            "beyond the encoders: " + std::to_string(a.neurons() - encoders - ann_neurons) +
            " more neurons and " + std::to_string(a.synapses() - ann_synapses) +
            " more synapses than the ANN's " + std::to_string(ann_neurons) + " and " +
            std::to_string(ann_synapses) + " (" + how + ")");
        out.push_back(std::move(a));
    }
    return out;
}

Anatomy brain() {
    const std::uint64_t neurons = 86'000'000'000ull, per = 7000;
    return {"human brain (reference)",
            {{"about 86 billion neurons, about 7,000 synapses each", neurons, neurons * per}},
            {"order of magnitude only: about 6 x 10^14 synapses"}};
}
} // namespace

std::vector<Anatomy> anatomy_preset(const std::string& name) {
    if (name == "gpt3") {
        Anatomy a = gpt(12288, 96);
        a.title = "GPT-3 175B (d = 12,288, 96 blocks)";
        a.notes.push_back("per block: 61,440 MLP neurons (49,152 keys + 12,288 values) and 4 x "
                          "12,288 = 49,152 attention "
                          "neurons; counting 61,440 attention neurons, as some write-ups do, gives "
                          "11,796,480 neurons in "
                          "total: an arithmetic slip");
        return {a};
    }
    if (name == "gpt2") {
        Anatomy a = gpt(768, 12);
        a.title = "GPT-2 small (d = 768, 12 blocks)";
        return {a};
    }
    if (name == "brain") return {brain()};
    if (name == "digits") {
        Anatomy ann = mlp({64, 64, 10});
        ann.title = "digits MLP 64-64-10 (spikesim coding), as an ANN";
        std::vector<Anatomy> out{ann};
        const DenseNetwork net({64, 64, 10}, Activation::relu,
                               1); // He-initialised: no zero weights
        for (auto& a : spiking_versions(net, Eigen::VectorXd::Constant(64, 0.5),
                                        ConversionOptions{}, "digits MLP"))
            out.push_back(a);
        return out;
    }
    if (name == "kv") {
        Anatomy ann = mlp({16, 64, 16});
        ann.title = "key-value block d = 16, d_ff = 64 (spikesim kv), as an ANN";
        std::vector<Anatomy> out{ann};
        KvOptions kv;
        const DenseNetwork block = make_random_block(kv);
        ConversionOptions o;
        o.signed_input = o.signed_output = true;
        for (auto& a :
             spiking_versions(block, Eigen::VectorXd::Constant(16, 0.5), o, "key-value block"))
            out.push_back(a);
        return out;
    }
    throw InputError("anatomy", "preset", "one of gpt3, gpt2, digits, kv, brain, all",
                     "\"" + name + "\"");
}

namespace {

void require_count(const std::vector<std::uint64_t>& v, std::size_t n, const char* field,
                   const char* form) {
    if (v.empty()) return;
    if (v.size() != n)
        throw InputError("anatomy", field, form, std::to_string(v.size()) + " numbers");
    for (auto x : v)
        if (x == 0) throw InputError("anatomy", field, std::string(form) + ", each >= 1", "0");
}

} // namespace

void AnatomyOptions::validate() const {
    require_count(linear, 2, "linear", "OUT,IN");
    require_count(mlp, mlp.size() < 2 ? 2 : mlp.size(), "mlp", "at least two widths");
    require_count(conv2d, 3, "conv2d", "OUT,IN,K");
    require_count(rnn, 2, "rnn", "INPUT,HIDDEN");
    require_count(lstm, 2, "lstm", "INPUT,HIDDEN");
    require_count(gru, 2, "gru", "INPUT,HIDDEN");
    require_count(gpt, 2, "gpt", "D,BLOCKS");
    for (const auto& p : preset)
        if (p != "all" && std::find(anatomy_presets().begin(), anatomy_presets().end(), p) ==
                              anatomy_presets().end())
            throw InputError("anatomy", "preset", "one of gpt3, gpt2, digits, kv, brain, all",
                             "\"" + p + "\"");
}

std::vector<Anatomy> count_anatomy(const AnatomyOptions& o) {
    o.validate();
    std::vector<Anatomy> all;
    // A count that overflows is reported against the field that gave the shape.
    auto add = [&](bool given, const char* field, auto count) {
        if (!given) return;
        try {
            Anatomy a = count();
            a.neurons();
            a.synapses();
            all.push_back(std::move(a));
        } catch (const InputError& e) {
            if (e.key() != "shape") throw;
            throw InputError("anatomy", field, e.expected(), e.got());
        }
    };
    add(!o.linear.empty(), "linear", [&] { return linear(o.linear[0], o.linear[1]); });
    add(!o.mlp.empty(), "mlp", [&] { return mlp(o.mlp); });
    add(!o.conv2d.empty(), "conv2d", [&] { return conv2d(o.conv2d[0], o.conv2d[1], o.conv2d[2]); });
    add(!o.rnn.empty(), "rnn", [&] { return rnn_cell(o.rnn[0], o.rnn[1]); });
    add(!o.lstm.empty(), "lstm", [&] { return lstm_cell(o.lstm[0], o.lstm[1]); });
    add(!o.gru.empty(), "gru", [&] { return gru_cell(o.gru[0], o.gru[1]); });
    add(o.gpt_block > 0, "gpt_block", [&] { return gpt_block(o.gpt_block); });
    add(!o.gpt.empty(), "gpt", [&] { return gpt(o.gpt[0], o.gpt[1]); });
    std::vector<std::string> presets = o.preset;
    if (presets.empty() && all.empty()) presets = {"all"};
    for (const auto& p : presets)
        for (const auto& name : p == "all" ? anatomy_presets() : std::vector<std::string>{p})
            for (auto& a : anatomy_preset(name))
                all.push_back(std::move(a));
    return all;
}

} // namespace spikesim
