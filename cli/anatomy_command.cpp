#include "cli/anatomy_command.hpp"
#include "cli/format.hpp"

#include "experiments/anatomy.hpp"
#include "sim/errors.hpp"

#include <cstdio>

namespace spikesim::cli {
namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_table(const Anatomy& a) {
    std::printf("\n%s\n%-64s %18s %16s %22s\n", a.title.c_str(), "module", "neurons",
                "synapses/neuron", "synapses");
    for (const auto& m : a.modules)
        std::printf("%-64s %18s %16.1f %22s\n", m.name.c_str(), grouped(m.neurons).c_str(),
                    m.synapses_per_neuron(), grouped(m.synapses).c_str());
    const double per = a.neurons() ? double(a.synapses()) / double(a.neurons()) : 0.0;
    std::printf("%-64s %18s %16.1f %22s\n", "total", grouped(a.neurons()).c_str(), per,
                grouped(a.synapses()).c_str());
    for (const auto& note : a.notes)
        std::printf("  note: %s\n", note.c_str());
}

void print_json(const std::vector<Anatomy>& all) {
    std::printf("{\"definition\": %s, \"networks\": [", json_string(anatomy_definition).c_str());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Anatomy& a = all[i];
        std::printf("%s\n  {\"title\": %s, \"neurons\": %llu, \"synapses\": %llu, \"modules\": [",
                    i ? "," : "", json_string(a.title).c_str(),
                    static_cast<unsigned long long>(a.neurons()),
                    static_cast<unsigned long long>(a.synapses()));
        for (std::size_t k = 0; k < a.modules.size(); ++k) {
            const auto& m = a.modules[k];
            std::printf("%s\n    {\"name\": %s, \"neurons\": %llu, \"synapses\": %llu, "
                        "\"synapses_per_neuron\": %.6g}",
                        k ? "," : "", json_string(m.name).c_str(),
                        static_cast<unsigned long long>(m.neurons),
                        static_cast<unsigned long long>(m.synapses), m.synapses_per_neuron());
        }
        std::printf("], \"notes\": [");
        for (std::size_t k = 0; k < a.notes.size(); ++k)
            std::printf("%s%s", k ? ", " : "", json_string(a.notes[k]).c_str());
        std::printf("]}");
    }
    std::printf("\n]}\n");
}

void require_count(const std::vector<std::uint64_t>& v, std::size_t n, const char* option,
                   const char* form) {
    if (v.size() != n)
        throw InputError("command line", option, form, std::to_string(v.size()) + " numbers");
    for (auto x : v)
        if (x == 0)
            throw InputError("command line", option, std::string(form) + " with every number >= 1",
                             "0");
}

} // namespace

CLI::App* add_anatomy_command(CLI::App& app, AnatomyOptions& o) {
    auto* cmd = app.add_subcommand(
        "anatomy", "Count the neurons and synapses of deep-learning modules, of the project's "
                   "networks and of a human brain");
    cmd->add_option("--preset,-p", o.presets,
                    "gpt3, gpt2, digits, kv, brain or all (default: all, unless modules are given)")
        ->delimiter(',')
        ->check(CLI::IsMember({"gpt3", "gpt2", "digits", "kv", "brain", "all"}));
    cmd->add_option("--linear", o.linear, "a linear layer: OUT,IN")->delimiter(',');
    cmd->add_option("--mlp", o.mlp, "an MLP: widths, inputs first")->delimiter(',');
    cmd->add_option("--conv2d", o.conv2d, "a convolution: OUT,IN,K (kernel K x K)")->delimiter(',');
    cmd->add_option("--rnn", o.rnn, "an RNN cell: INPUT,HIDDEN")->delimiter(',');
    cmd->add_option("--lstm", o.lstm, "an LSTM cell: INPUT,HIDDEN")->delimiter(',');
    cmd->add_option("--gru", o.gru, "a GRU cell: INPUT,HIDDEN")->delimiter(',');
    cmd->add_option("--gpt-block", o.gpt_block, "one GPT block of width D");
    cmd->add_option("--gpt", o.gpt, "a GPT model: D,BLOCKS")->delimiter(',');
    cmd->add_flag("--json", o.json, "machine-readable output");
    cmd->footer(std::string("Definition: ") + anatomy_definition + ".");
    return cmd;
}

int run_anatomy_command(const AnatomyOptions& o) {
    std::vector<Anatomy> all;
    if (!o.linear.empty()) {
        require_count(o.linear, 2, "--linear", "OUT,IN");
        all.push_back(linear(o.linear[0], o.linear[1]));
    }
    if (!o.mlp.empty()) {
        require_count(o.mlp, o.mlp.size() < 2 ? 2 : o.mlp.size(), "--mlp", "at least two widths");
        all.push_back(mlp(o.mlp));
    }
    if (!o.conv2d.empty()) {
        require_count(o.conv2d, 3, "--conv2d", "OUT,IN,K");
        all.push_back(conv2d(o.conv2d[0], o.conv2d[1], o.conv2d[2]));
    }
    if (!o.rnn.empty()) {
        require_count(o.rnn, 2, "--rnn", "INPUT,HIDDEN");
        all.push_back(rnn_cell(o.rnn[0], o.rnn[1]));
    }
    if (!o.lstm.empty()) {
        require_count(o.lstm, 2, "--lstm", "INPUT,HIDDEN");
        all.push_back(lstm_cell(o.lstm[0], o.lstm[1]));
    }
    if (!o.gru.empty()) {
        require_count(o.gru, 2, "--gru", "INPUT,HIDDEN");
        all.push_back(gru_cell(o.gru[0], o.gru[1]));
    }
    if (o.gpt_block > 0) all.push_back(gpt_block(o.gpt_block));
    if (!o.gpt.empty()) {
        require_count(o.gpt, 2, "--gpt", "D,BLOCKS");
        all.push_back(gpt(o.gpt[0], o.gpt[1]));
    }
    std::vector<std::string> presets = o.presets;
    if (presets.empty() && all.empty()) presets = {"all"};
    for (const auto& p : presets)
        for (const auto& name : p == "all" ? anatomy_presets() : std::vector<std::string>{p})
            for (auto& a : anatomy_preset(name))
                all.push_back(std::move(a));
    if (o.json) {
        print_json(all);
        return 0;
    }
    std::printf("Definition: %s.\n", anatomy_definition);
    for (const auto& a : all)
        print_table(a);
    return 0;
}

} // namespace spikesim::cli
