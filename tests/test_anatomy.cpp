// Anatomy: the counts of REFERENCES.md and of networks the engine builds.
#include "experiments/anatomy.hpp"
#include "experiments/cuba.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace spikesim;

TEST_CASE("GPT-3: 10,616,832 neurons, 173,946,175,488 synapses, 16,384 per neuron", "[anatomy]") {
    const Anatomy a = anatomy_preset("gpt3").front();
    REQUIRE(a.neurons() == 10'616'832ull);
    REQUIRE(a.synapses() == 173'946'175'488ull);
    REQUIRE(a.synapses() / a.neurons() == 16'384ull);
    REQUIRE(a.synapses() % a.neurons() == 0);
    const Anatomy block = gpt_block(12288);
    REQUIRE(block.modules[0].neurons == 49'152); // attention Q, K, V, O: 4 x 12,288, not 61,440
    REQUIRE(block.modules[0].synapses == 603'979'776ull);
    REQUIRE(block.modules[1].neurons + block.modules[2].neurons == 61'440); // MLP keys + values
    REQUIRE(block.modules[1].synapses + block.modules[2].synapses == 1'207'959'552ull);
    REQUIRE(block.modules[1].synapses_per_neuron() == 12'288);
    REQUIRE(block.modules[2].synapses_per_neuron() == 49'152);
}

TEST_CASE("GPT-2 small, the brain, linear and MLP", "[anatomy]") {
    const Anatomy g2 = anatomy_preset("gpt2").front();
    REQUIRE(g2.neurons() == 12ull * 9 * 768);
    REQUIRE(g2.synapses() == 12ull * 12 * 768 * 768);
    const Anatomy brain = anatomy_preset("brain").front();
    REQUIRE(brain.neurons() == 86'000'000'000ull);
    REQUIRE(brain.synapses() == 602'000'000'000'000ull);
    REQUIRE(linear(10, 64).synapses() == 640);
    const Anatomy m = mlp({64, 64, 10});
    REQUIRE(m.neurons() == 74);
    REQUIRE(m.synapses() == 4736);
}

TEST_CASE("conv2d: a filter is a neuron with in*k*k synapses, not out*k*k", "[anatomy]") {
    const Anatomy c = conv2d(64, 3, 5);
    REQUIRE(c.neurons() == 64);
    REQUIRE(c.modules[0].synapses_per_neuron() == 3 * 5 * 5);
    REQUIRE(c.synapses() == 64ull * 3 * 5 * 5);
}

TEST_CASE("RNN, LSTM and GRU cells: gates x hidden rows over [input, hidden]", "[anatomy]") {
    REQUIRE(rnn_cell(10, 20).neurons() == 20);
    REQUIRE(rnn_cell(10, 20).synapses() == 20 * 30);
    REQUIRE(lstm_cell(10, 20).neurons() == 80);
    REQUIRE(lstm_cell(10, 20).synapses() == 4 * 20 * 30);
    REQUIRE(gru_cell(10, 20).neurons() == 60);
    REQUIRE(gru_cell(10, 20).synapses() == 3 * 20 * 30);
}

TEST_CASE("the anatomy of an engine network is its populations and projections", "[anatomy]") {
    CubaOptions o;
    o.neurons = 500;
    const Network net = build_cuba(o);
    const Anatomy a = anatomy_of(net, "cuba");
    REQUIRE(a.neurons() == net.neuron_count());
    REQUIRE(a.synapses() == net.synapse_count());
    REQUIRE(a.modules.size() == 2);
    REQUIRE(a.modules[0].neurons == 400);
    // exc receives exc->exc and inh->exc.
    REQUIRE(a.modules[0].synapses ==
            net.projections()[0].synapse_count() + net.projections()[2].synapse_count());
    // The digits MLP as spikes: encoders add neurons, the E/I split doubles the hidden layer and
    // its synapses.
    const auto digits = anatomy_preset("digits");
    REQUIRE(digits.size() == 3);
    REQUIRE(digits[1].neurons() == 64 + 64 + 10);
    REQUIRE(digits[1].synapses() == 4736);
    REQUIRE(digits[2].neurons() == 128 + 128 + 10);
    REQUIRE(digits[2].synapses() == 2 * 4096 + 640);
}

TEST_CASE("spikesim anatomy: table, JSON, bad input", "[anatomy][cli]") {
    auto r = test::run_spikesim("anatomy --preset gpt3");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("10,616,832") && Catch::Contains("173,946,175,488") &&
                            Catch::Contains("16384.0") &&
                            Catch::Contains("a neuron is a row of a weight matrix"));
    r = test::run_spikesim("anatomy --preset gpt3 --json");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("\"neurons\": 10616832") &&
                            Catch::Contains("\"synapses\": 173946175488"));
    for (std::string args :
         std::vector<std::string>{"--preset gpt4", "--conv2d 3,3", "--lstm 0,5", "--linear x"}) {
        r = test::run_spikesim("anatomy " + args);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
    }
}
