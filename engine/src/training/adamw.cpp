#include "training/adamw.h"

#include <cmath>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace hb {

bool isNoDecayName(const std::string& name) {
    const auto endsWith = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    return endsWith(".bias") || name.find("norm") != std::string::npos ||
           name.find("embed") != std::string::npos;
}

AdamW::AdamW(NamedTensors params, AdamWOptions options, const std::vector<std::string>& noDecay)
    : m_params(std::move(params)), m_options(options) {
    for (const auto& [name, p] : m_params) {
        bool decay = options.weightDecay > 0.0;
        for (const std::string& n : noDecay) {
            decay = decay && n != name;
        }
        m_decay.push_back(decay);
        m_m.push_back(at::zeros_like(p, at::TensorOptions().dtype(at::kFloat)));
        m_v.push_back(at::zeros_like(p, at::TensorOptions().dtype(at::kFloat)));
    }
}

void AdamW::zeroGrad() {
    for (auto& [name, p] : m_params) {
        if (p.grad().defined()) {
            p.mutable_grad() = at::Tensor();
        }
    }
}

double AdamW::clipGradNorm(double maxNorm) {
    // Summed where the gradients live, read back once (one device synchronisation per step).
    at::Tensor total;
    for (const auto& [name, p] : m_params) {
        if (p.grad().defined()) {
            const at::Tensor part = p.grad().to(at::kDouble).pow(2).sum();
            total = total.defined() ? total + part : part;
        }
    }
    const double norm = total.defined() ? std::sqrt(total.item<double>()) : 0.0;
    if (std::isfinite(norm) && norm > maxNorm && maxNorm > 0.0) {
        const double scale = maxNorm / (norm + 1e-6);
        for (auto& [name, p] : m_params) {
            if (p.grad().defined()) {
                p.mutable_grad().mul_(scale);
            }
        }
    }
    return norm;
}

void AdamW::step(double lr) {
    ++m_step;
    const double bias1 = 1.0 - std::pow(m_options.beta1, static_cast<double>(m_step));
    const double bias2 = 1.0 - std::pow(m_options.beta2, static_cast<double>(m_step));
    const c10::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        at::Tensor& p = m_params[i].second;
        if (!p.grad().defined()) {
            continue;
        }
        const at::Tensor g = p.grad().to(at::kFloat);
        m_m[i].mul_(m_options.beta1).add_(g, 1.0 - m_options.beta1);
        m_v[i].mul_(m_options.beta2).addcmul_(g, g, 1.0 - m_options.beta2);
        if (m_decay[i]) {
            p.mul_(1.0 - lr * m_options.weightDecay);
        }
        const at::Tensor denom = (m_v[i] / bias2).sqrt_().add_(m_options.eps);
        p.add_((m_m[i] / denom).to(p.scalar_type()), -lr / bias1);
    }
}

NamedTensors AdamW::state() const {
    NamedTensors out;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        out.emplace_back("m." + m_params[i].first, m_m[i]);
        out.emplace_back("v." + m_params[i].first, m_v[i]);
    }
    out.emplace_back("step", at::full({1}, m_step, at::kLong));
    return out;
}

bool AdamW::restore(const std::map<std::string, at::Tensor>& state, std::string& problem) {
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        for (auto [prefix, target] : {std::make_pair("m.", &m_m[i]), std::make_pair("v.", &m_v[i])}) {
            const auto it = state.find(prefix + m_params[i].first);
            if (it == state.end() || !it->second.sizes().equals(target->sizes())) {
                problem = std::string(prefix) + m_params[i].first +
                          (it == state.end() ? " is missing" : " has another shape");
                return false;
            }
            target->copy_(it->second);
        }
    }
    const auto step = state.find("step");
    if (step == state.end()) {
        problem = "step is missing";
        return false;
    }
    m_step = step->second.item<std::int64_t>();
    return true;
}

} // namespace hb
