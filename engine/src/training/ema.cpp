#include "training/ema.h"

#include <algorithm>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace hb {

Ema::Ema(const NamedTensors& params, double decay) : m_decay(decay) {
    const c10::NoGradGuard noGrad;
    for (const auto& [name, p] : params) {
        m_shadow.emplace_back(name, p.detach().clone());
    }
}

void Ema::update(const NamedTensors& params) {
    const c10::NoGradGuard noGrad;
    ++m_updates;
    const double n = static_cast<double>(m_updates);
    const double decay = std::min(m_decay, (1.0 + n) / (10.0 + n));
    for (std::size_t i = 0; i < params.size() && i < m_shadow.size(); ++i) {
        m_shadow[i].second.mul_(decay).add_(params[i].second.detach(), 1.0 - decay);
    }
}

void Ema::copyTo(NamedTensors& params) const {
    const c10::NoGradGuard noGrad;
    for (std::size_t i = 0; i < params.size() && i < m_shadow.size(); ++i) {
        params[i].second.copy_(m_shadow[i].second);
    }
}

void Ema::withAveraged(NamedTensors& params, const std::function<void()>& work) const {
    NamedTensors live;
    {
        const c10::NoGradGuard noGrad;
        for (const auto& [name, p] : params) {
            live.emplace_back(name, p.detach().clone());
        }
    }
    const auto putBack = [&] {
        const c10::NoGradGuard noGrad;
        for (std::size_t i = 0; i < params.size(); ++i) {
            params[i].second.copy_(live[i].second);
        }
    };
    copyTo(params);
    try {
        work();
    } catch (...) {
        putBack();
        throw;
    }
    putBack();
}

bool Ema::restore(const std::map<std::string, at::Tensor>& stored, std::string& problem) {
    const c10::NoGradGuard noGrad;
    for (auto& [name, t] : m_shadow) {
        const auto it = stored.find(name);
        if (it == stored.end() || !it->second.sizes().equals(t.sizes())) {
            problem = name + (it == stored.end() ? " is missing" : " has another shape");
            return false;
        }
        t.copy_(it->second);
    }
    return true;
}

} // namespace hb
