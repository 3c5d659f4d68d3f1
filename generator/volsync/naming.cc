#include "volsync/naming.h"

#include <algorithm>
#include <array>
#include <utility>

namespace vg {
namespace {

constexpr std::array<std::string_view, 5> kVariables = {"namespace", "pvc", "name", "app", "repository"};
constexpr std::array<std::string_view, 3> kAppLabels = {"app.kubernetes.io/name", "app.kubernetes.io/instance",
                                                        "app"};
// The annotations that carry a naming template, each with its field of Naming.
constexpr std::array<std::pair<std::string_view, std::string Naming::*>, 4> kNameAnnotations = {{
    {"repository-path", &Naming::repository_path},
    {"source-name", &Naming::source},
    {"destination-name", &Naming::destination},
    {"secret-name", &Naming::secret},
}};

struct Part {
  bool variable;
  std::string_view text;
};

// "a-${name}-b" -> literal, variable, literal; nullopt with `error` on a syntax error.
std::optional<std::vector<Part>> split(std::string_view t, std::string& error) {
  std::vector<Part> parts;
  std::size_t pos = 0;
  while (pos < t.size()) {
    const std::size_t open = t.find("${", pos);
    if (open == std::string_view::npos) {
      parts.push_back({false, t.substr(pos)});
      break;
    }
    if (open > pos) parts.push_back({false, t.substr(pos, open - pos)});
    const std::size_t close = t.find('}', open);
    if (close == std::string_view::npos) {
      error = "\"" + std::string(t) + "\" has ${ without a closing }";
      return std::nullopt;
    }
    parts.push_back({true, t.substr(open + 2, close - open - 2)});
    pos = close + 1;
  }
  return parts;
}

struct Values {
  const PvcFacts& pvc;
  std::string_view base;
  const Repository& repo;
};

std::optional<std::string> expand(std::string_view t, const Values& v, std::string& error) {
  auto parts = split(t, error);
  if (!parts) return std::nullopt;
  std::string out;
  const std::string who = "PVC " + v.pvc.namespace_ + "/" + v.pvc.name;
  for (const Part& p : *parts) {
    if (!p.variable) out += p.text;
    else if (p.text == "namespace") out += v.pvc.namespace_;
    else if (p.text == "pvc") out += v.pvc.name;
    else if (p.text == "name") out += v.base;
    else if (p.text == "app") {
      auto app = pvc_app(v.pvc);
      if (!app) {
        error = who + " has none of the labels app.kubernetes.io/name, app.kubernetes.io/instance, app that " +
                "${app} in \"" + std::string(t) + "\" needs";
        return std::nullopt;
      }
      out += *app;
    } else if (p.text == "repository") {
      if (v.repo.name.empty()) {
        error = "${repository} in \"" + std::string(t) + "\" (" + who +
                ") needs named repositories (spec.repositories), and this one has no name";
        return std::nullopt;
      }
      out += v.repo.name;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> naming_template_error(std::string_view tmpl) {
  std::string error;
  auto parts = split(tmpl, error);
  if (!parts) return error;
  for (const Part& p : *parts)
    if (p.variable && std::find(kVariables.begin(), kVariables.end(), p.text) == kVariables.end())
      return "unknown variable ${" + std::string(p.text) +
             "} (known: ${namespace}, ${pvc}, ${name}, ${app}, ${repository})";
  return std::nullopt;
}

std::optional<std::string> pvc_app(const PvcFacts& pvc) {
  for (std::string_view label : kAppLabels)
    for (const auto& [k, v] : pvc.labels)
      if (k == label && !v.empty()) return v;
  return std::nullopt;
}

std::optional<RepoNames> resolve_repo_names(const PvcFacts& pvc, std::string_view base, const Repository& repo,
                                            const Naming& naming, std::string& error) {
  const Values v{pvc, base, repo};
  RepoNames out;
  auto one = [&](const std::string& tmpl, std::string fallback, std::string& dst) {
    if (tmpl.empty()) {
      dst = std::move(fallback);
      return true;
    }
    auto r = expand(tmpl, v, error);
    if (r) dst = std::move(*r);
    return r.has_value();
  };
  if (!one(naming.source, rs_name_for(base, repo), out.source) ||
      !one(naming.secret, secret_name_for(base, repo), out.secret) ||
      !one(naming.repository_path, pvc.namespace_ + "/" + pvc.name, out.path))
    return std::nullopt;
  return out;
}

std::optional<std::string> resolve_destination_name(const PvcFacts& pvc, std::string_view base,
                                                    const Repository& primary, const Naming& naming,
                                                    std::string& error) {
  if (naming.destination.empty()) return rd_name_for(base);
  return expand(naming.destination, Values{pvc, base, primary}, error);
}

Naming naming_for(const PvcFacts& pvc, const Config& config, const Repository& repo) {
  Naming n = config.defaults.naming;
  const std::string prefix(kAnnotationPrefix);
  for (int pass = 0; pass < 2; ++pass)  // unsuffixed first, then .<repository> ones win, as in plan_pvc
    for (const auto& [key, value] : pvc.annotations) {
      if (key.rfind(prefix, 0) != 0) continue;
      std::string_view k = std::string_view(key).substr(prefix.size());
      const auto dot = k.find('.');
      if ((dot != std::string_view::npos) != (pass == 1)) continue;
      if (pass == 1 && k.substr(dot + 1) != repo.name) continue;
      const std::string_view base = k.substr(0, dot);
      for (const auto& [annotation, field] : kNameAnnotations)
        if (base == annotation && !naming_template_error(value)) n.*field = value;
    }
  return n;
}

bool naming_uses_base(const Naming& n) {
  auto uses = [](const std::string& t) { return t.empty() || t.find("${name}") != std::string::npos; };
  return uses(n.source) || uses(n.destination) || uses(n.secret);
}

}  // namespace vg
