// Rate-coded deep-learning layers: data, activations, training, saving.
#include "helpers.hpp"
#include "io/digits_file.hpp"
#include "io/weights_file.hpp"
#include "models/dense_network.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace spikesim;

TEST_CASE("digits: 1797 samples of 64 pixels in [0, 1], 10 classes", "[ann][data]") {
    const auto d = load_digits(default_digits_path());
    REQUIRE(d.size() == 1797);
    REQUIRE(d.x.cols() == 64);
    REQUIRE(d.x.minCoeff() == 0.0);
    REQUIRE(d.x.maxCoeff() == 1.0);
    std::vector<int> count(10);
    for (int y : d.y)
        ++count[std::size_t(y)];
    for (int c : count)
        REQUIRE((c >= 174 && c <= 183));
    test::TempDir dir;
    const auto bad = dir.write("bad.csv", "0,1,2\n");
    REQUIRE_THROWS_WITH(load_digits(bad),
                        Catch::Contains("bad.csv:1") && Catch::Contains("65 comma-separated"));
}

TEST_CASE("stratified split: 20 % of every class, disjoint, seeded", "[ann][data]") {
    const auto d = load_digits(default_digits_path());
    const auto s = stratified_split(d, 0.2, 3);
    REQUIRE(s.train.size() + s.test.size() == d.size());
    std::vector<int> all(10), test(10);
    for (int y : d.y)
        ++all[std::size_t(y)];
    for (int y : s.test.y)
        ++test[std::size_t(y)];
    for (int c = 0; c < 10; ++c)
        REQUIRE(test[std::size_t(c)] == std::lround(0.2 * all[std::size_t(c)]));
    const auto again = stratified_split(d, 0.2, 3);
    REQUIRE(again.test.x == s.test.x);
    REQUIRE(stratified_split(d, 0.2, 4).test.x != s.test.x);
}

TEST_CASE("activations equal their formulas and their derivatives the finite differences",
          "[ann]") {
    Eigen::ArrayXXd z(1, 7);
    z << -30.0, -2.5, -0.3, 0.0, 0.4, 2.0, 30.0;
    for (Activation f : {Activation::relu, Activation::sigmoid, Activation::tanh,
                         Activation::softplus, Activation::gelu, Activation::silu}) {
        const auto y = apply(f, z);
        for (int i = 0; i < z.cols(); ++i) {
            const double x = z(0, i);
            const double sig = 1.0 / (1.0 + std::exp(-x));
            double expected = 0;
            switch (f) {
            case Activation::relu:
                expected = std::max(x, 0.0);
                break;
            case Activation::sigmoid:
                expected = sig;
                break;
            case Activation::tanh:
                expected = std::tanh(x);
                break;
            case Activation::softplus:
                expected = std::log1p(std::exp(x));
                break;
            case Activation::gelu:
                expected = 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
                break;
            case Activation::silu:
                expected = x * sig;
                break;
            default:
                break;
            }
            INFO(to_string(f) << " at " << x);
            REQUIRE(y(0, i) == Approx(expected).epsilon(1e-12).margin(1e-12));
            if (x == 0.0 && f == Activation::relu) continue; // not differentiable there
            const double h = 1e-6;
            Eigen::ArrayXXd zp(1, 1), zm(1, 1);
            zp << x + h;
            zm << x - h;
            const double fd = (apply(f, zp)(0, 0) - apply(f, zm)(0, 0)) / (2 * h);
            REQUIRE(derivative(f, z)(0, i) == Approx(fd).margin(1e-6));
        }
    }
    REQUIRE_THROWS_WITH(activation_from_string("relu6", "cfg"), Catch::Contains("relu, sigmoid"));
}

TEST_CASE("a 64-64-10 ReLU network trains to >= 96 % test accuracy, deterministically",
          "[ann][training]") {
    const auto split = stratified_split(load_digits(default_digits_path()), 0.2, 1);
    DenseNetwork a({64, 64, 10}, Activation::relu, 1), b({64, 64, 10}, Activation::relu, 1);
    const auto loss = train(a, split.train, TrainOptions{});
    train(b, split.train, TrainOptions{});
    REQUIRE(loss.back() < 0.2 * loss.front());
    const double acc = a.accuracy(split.test);
    INFO("test accuracy " << acc);
    REQUIRE(acc >= 0.96);
    REQUIRE(a.layers()[0].w == b.layers()[0].w); // same seed, same weights, bit for bit
    REQUIRE(a.macs() == 64 * 64 + 64 * 10);

    test::TempDir dir;
    save_weights(a, dir.file("ann.h5"));
    const DenseNetwork c = load_weights(dir.file("ann.h5"));
    REQUIRE(c.layers().size() == 2);
    REQUIRE(c.layers()[1].f == Activation::identity);
    REQUIRE(c.logits(split.test.x) == a.logits(split.test.x));
    REQUIRE_THROWS_AS(load_weights(dir.file("absent.h5")), InputError);
}

TEST_CASE("backpropagated gradients equal finite differences of the loss", "[ann][training]") {
    const auto d = load_digits(default_digits_path());
    const Eigen::MatrixXd x = d.x.topRows(8);
    const std::vector<int> y(d.y.begin(), d.y.begin() + 8);
    for (Activation f : {Activation::relu, Activation::tanh, Activation::gelu, Activation::silu}) {
        DenseNetwork net({64, 7, 5, 10}, f, 2);
        for (auto& l : net.layers())
            l.b.setConstant(0.05); // keep ReLU units away from their kink
        const Gradients g = loss_gradients(net, x, y);
        const double h = 1e-6;
        for (std::size_t k = 0; k < net.layers().size(); ++k)
            for (auto [i, j] : {std::pair{0, 0}, std::pair{1, 3}, std::pair{2, 4}}) {
                auto& w = net.layers()[k].w(i, j);
                const double keep = w;
                w = keep + h;
                const double up = loss_gradients(net, x, y).loss;
                w = keep - h;
                const double down = loss_gradients(net, x, y).loss;
                w = keep;
                INFO(to_string(f) << " layer " << k << " w(" << i << "," << j << ")");
                REQUIRE(g.w[k](i, j) == Approx((up - down) / (2 * h)).margin(1e-6));
            }
    }
}
