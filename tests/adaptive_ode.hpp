#pragma once
// The tests' reference for the Taylor-series models AdEx and Izhikevich
// (models/adaptive_models.hpp): the same equations (their rhs()) integrated by Boost.Odeint's
// controlled dopri5 (models/ode_model.hpp), an integrator independent of the models' series
// and of their threshold search. At its default tolerance, 1e-14, its error is below the
// series' (at 1e-12 it was the larger).
#include "models/adaptive_models.hpp"
#include "models/ode_model.hpp"

namespace spikesim {

template <class System> struct WithTolerances : System {
    struct Params : System::Params {
        double abs_tol = 1e-14, rel_tol = 1e-14;
    };
    static constexpr ParameterKey<Params> keys[] = {{"abs_tol", &Params::abs_tol},
                                                    {"rel_tol", &Params::rel_tol}};
};

using AdexOde = OdeModel<WithTolerances<AdexSystem>>;
using IzhikevichOde = OdeModel<WithTolerances<IzhikevichSystem>>;

} // namespace spikesim
