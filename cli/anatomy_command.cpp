#include "cli/anatomy_command.hpp"
#include "cli/format.hpp"

#include "experiments/anatomy.hpp"
#include "sim/errors.hpp"

#include <cstdio>
#include <memory>

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

} // namespace

Command add_anatomy_command(CLI::App& app) {
    auto o = std::make_shared<AnatomyOptions>();
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "anatomy", "Count the neurons and synapses of deep-learning modules, of the project's "
                   "networks and of a human brain");
    cmd->add_option("--preset,-p", o->preset,
                    "gpt3, gpt2, digits, kv, brain or all (default: all, unless modules are given)")
        ->delimiter(',')
        ->type_name("NAME,...");
    cmd->add_option("--linear", o->linear, "a linear layer")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("OUT,IN");
    cmd->add_option("--mlp", o->mlp, "an MLP: widths, inputs first")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("W,W,...");
    cmd->add_option("--conv2d", o->conv2d, "a convolution, kernel K x K")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("OUT,IN,K");
    cmd->add_option("--rnn", o->rnn, "an RNN cell")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("INPUT,HIDDEN");
    cmd->add_option("--lstm", o->lstm, "an LSTM cell")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("INPUT,HIDDEN");
    cmd->add_option("--gru", o->gru, "a GRU cell")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("INPUT,HIDDEN");
    cmd->add_option("--gpt-block", o->gpt_block, "one GPT block of width D")
        ->check(whole_number())
        ->type_name("D");
    cmd->add_option("--gpt", o->gpt, "a GPT model")
        ->delimiter(',')
        ->check(whole_number())
        ->type_name("D,BLOCKS");
    cmd->add_flag("--json", *json, "machine-readable output");
    cmd->footer(std::string("Definition: ") + anatomy_definition + ".");
    return {cmd, [=](const std::string&) {
                return attributed(flag_origins(*cmd), "anatomy", [&] {
                    const auto all = count_anatomy(*o);
                    if (*json) {
                        print_json(all);
                        return 0;
                    }
                    std::printf("Definition: %s.\n", anatomy_definition);
                    for (const auto& a : all)
                        print_table(a);
                    return 0;
                });
            }};
}

} // namespace spikesim::cli
