#include "models/dense_network.hpp"

#include "sim/errors.hpp"
#include "sim/random.hpp"

#include <cmath>
#include <numeric>

namespace spikesim {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::MatrixXd softmax_rows(const Eigen::MatrixXd& z) {
    Eigen::MatrixXd p = (z.colwise() - z.rowwise().maxCoeff()).array().exp().matrix();
    return p.array().colwise() / p.rowwise().sum().array();
}

} // namespace

DenseNetwork::DenseNetwork(const std::vector<int>& widths, Activation f, std::uint64_t seed) {
    if (widths.size() < 2)
        throw InputError("network", "widths", "at least an input and an output width", "fewer");
    for (int w : widths)
        if (w < 1) throw InputError("network", "widths", "widths >= 1", std::to_string(w));
    for (std::size_t k = 0; k + 1 < widths.size(); ++k) {
        DenseLayer layer;
        const int in = widths[k], out = widths[k + 1];
        layer.f = k + 2 == widths.size() ? Activation::identity : f;
        layer.w.resize(out, in);
        layer.b = Eigen::VectorXd::Zero(out);
        // He initialisation (variance 2 / fan-in), one stream per layer.
        RandomStream s(seed, purpose_of("ann-init"), k);
        const double scale = std::sqrt(2.0 / in);
        for (int i = 0; i < out; ++i)
            for (int j = 0; j < in; ++j)
                layer.w(i, j) = scale * s.normal();
        layers_.push_back(std::move(layer));
    }
}

std::vector<Eigen::MatrixXd> DenseNetwork::forward_all(const Eigen::MatrixXd& x) const {
    std::vector<Eigen::MatrixXd> a{x};
    for (const auto& l : layers_) {
        const Eigen::MatrixXd z = (a.back() * l.w.transpose()).rowwise() + l.b.transpose();
        a.push_back(apply(l.f, z.array()).matrix());
    }
    return a;
}

Eigen::MatrixXd DenseNetwork::logits(const Eigen::MatrixXd& x) const {
    return forward_all(x).back();
}

std::vector<int> DenseNetwork::predict(const Eigen::MatrixXd& x) const {
    const Eigen::MatrixXd z = logits(x);
    std::vector<int> out(static_cast<std::size_t>(z.rows()));
    for (Eigen::Index i = 0; i < z.rows(); ++i)
        z.row(i).maxCoeff(&out[std::size_t(i)]);
    return out;
}

double DenseNetwork::accuracy(const LabelledData& d) const {
    const auto p = predict(d.x);
    std::size_t right = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        right += p[i] == d.y[i];
    return double(right) / double(p.size());
}

std::uint64_t DenseNetwork::macs() const {
    std::uint64_t n = 0;
    for (const auto& l : layers_)
        n += static_cast<std::uint64_t>(l.w.size());
    return n;
}

Gradients loss_gradients(const DenseNetwork& net, const Eigen::MatrixXd& x,
                         const std::vector<int>& y) {
    const auto& layers = net.layers();
    const auto n = static_cast<double>(y.size());
    // Forward, keeping pre-activations for the backward pass.
    std::vector<Eigen::MatrixXd> a{x}, z;
    for (const auto& l : layers) {
        z.push_back((a.back() * l.w.transpose()).rowwise() + l.b.transpose());
        a.push_back(apply(l.f, z.back().array()).matrix());
    }
    Eigen::MatrixXd target = Eigen::MatrixXd::Zero(x.rows(), layers.back().w.rows());
    for (std::size_t k = 0; k < y.size(); ++k)
        target(Eigen::Index(k), y[k]) = 1.0;
    const Eigen::MatrixXd p = softmax_rows(a.back());
    Gradients g;
    g.loss = -(target.array() * (p.array() + 1e-300).log()).sum() / n;
    g.w.resize(layers.size());
    g.b.resize(layers.size());
    Eigen::MatrixXd delta = (p - target) / n; // d loss / d logits
    for (std::size_t k = layers.size(); k-- > 0;) {
        g.w[k] = delta.transpose() * a[k];
        g.b[k] = delta.colwise().sum().transpose();
        if (k > 0)
            delta = ((delta * layers[k].w).array() * derivative(layers[k - 1].f, z[k - 1].array()))
                        .matrix();
    }
    return g;
}

void SignConstraint::project(DenseNetwork& net) const {
    for (std::size_t k = 0; k < sign.size() && k < net.layers().size(); ++k) {
        Eigen::MatrixXd& w = net.layers()[k].w;
        for (Eigen::Index i = 0; i < w.cols(); ++i) {
            if (sign[k][i] > 0) w.col(i) = w.col(i).cwiseMax(0.0);
            if (sign[k][i] < 0) w.col(i) = w.col(i).cwiseMin(0.0);
        }
    }
}

std::size_t SignConstraint::violations(const DenseNetwork& net) const {
    std::size_t n = 0;
    for (std::size_t k = 0; k < sign.size() && k < net.layers().size(); ++k) {
        const Eigen::MatrixXd& w = net.layers()[k].w;
        for (Eigen::Index i = 0; i < w.cols(); ++i)
            n += std::size_t(((w.col(i).array() * sign[k][i]) < 0).count());
    }
    return n;
}

std::vector<double> train(DenseNetwork& net, const LabelledData& data, const TrainOptions& o) {
    if (o.epochs < 1 || o.batch < 1 || !(o.learning_rate > 0))
        throw InputError("training", "options", "epochs >= 1, batch >= 1, learning rate > 0",
                         "other values");
    auto& layers = net.layers();
    if (o.signs) o.signs->project(net);
    // Adam state per layer.
    struct Moments {
        Eigen::MatrixXd mw, vw;
        Eigen::VectorXd mb, vb;
    };
    std::vector<Moments> m;
    for (const auto& l : layers)
        m.push_back({Eigen::MatrixXd::Zero(l.w.rows(), l.w.cols()),
                     Eigen::MatrixXd::Zero(l.w.rows(), l.w.cols()),
                     Eigen::VectorXd::Zero(l.b.size()), Eigen::VectorXd::Zero(l.b.size())});
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    std::uint64_t step = 0;
    std::vector<std::size_t> order(data.size());
    std::vector<double> losses;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        std::iota(order.begin(), order.end(), 0);
        RandomStream s(o.seed, purpose_of("ann-shuffle"), static_cast<std::uint64_t>(epoch));
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[s.below(i)]);
        double loss = 0;
        for (std::size_t start = 0; start < order.size(); start += std::size_t(o.batch)) {
            const std::size_t n = std::min(order.size() - start, std::size_t(o.batch));
            Eigen::MatrixXd x(static_cast<Eigen::Index>(n), data.x.cols());
            std::vector<int> labels(n);
            for (std::size_t k = 0; k < n; ++k) {
                x.row(Eigen::Index(k)) = data.x.row(Eigen::Index(order[start + k]));
                labels[k] = data.y[order[start + k]];
            }
            const Gradients g = loss_gradients(net, x, labels);
            loss += g.loss * double(n);
            ++step;
            const double c1 = 1 - std::pow(beta1, double(step)),
                         c2 = 1 - std::pow(beta2, double(step));
            for (std::size_t k = 0; k < layers.size(); ++k) {
                const Eigen::MatrixXd gw = g.w[k] + o.weight_decay * layers[k].w;
                auto& mk = m[k];
                mk.mw = beta1 * mk.mw + (1 - beta1) * gw;
                mk.vw = beta2 * mk.vw + (1 - beta2) * gw.cwiseAbs2();
                mk.mb = beta1 * mk.mb + (1 - beta1) * g.b[k];
                mk.vb = beta2 * mk.vb + (1 - beta2) * g.b[k].cwiseAbs2();
                layers[k].w.array() -=
                    o.learning_rate * (mk.mw.array() / c1) / ((mk.vw.array() / c2).sqrt() + eps);
                layers[k].b.array() -=
                    o.learning_rate * (mk.mb.array() / c1) / ((mk.vb.array() / c2).sqrt() + eps);
            }
            if (o.signs) o.signs->project(net);
        }
        losses.push_back(loss / double(data.size()));
    }
    return losses;
}

} // namespace spikesim
