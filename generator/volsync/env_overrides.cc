#include "volsync/env_overrides.h"

#include "krm/suggest.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace vg {
namespace {

// Upper-cased with underscores dropped: the form both families are matched in.
std::string normalize(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}


Finding env_finding(const std::string& var, std::string field, std::string message, std::string hint = {}) {
  Finding f{.rule = "config",
            .message = std::move(message),
            .field = std::move(field),
            .file = "environment " + var,
            .hint = std::move(hint)};
  return f;
}

struct Family {
  std::string_view prefix;  // of the variable name
  std::string_view shown;   // how the documented name is spelled: VOLSYNC_ or PARAM_
};

}  // namespace

std::string env_name(std::string_view key) {
  std::string out;
  auto up = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (i > 0 && up(c)) {
      const char p = key[i - 1];
      const bool next_lower = i + 1 < key.size() && std::islower(static_cast<unsigned char>(key[i + 1]));
      if (!up(p) || next_lower) out += '_';
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

EnvVars select_override_env(const char* const* envp) {
  EnvVars all;
  bool in_argo = false;
  for (const char* const* e = envp; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = kv.substr(0, eq);
    if (name == "ARGOCD_APP_NAME") in_argo = true;
    if (name.rfind(kArgoEnvPrefix, 0) == 0 || name.rfind(kArgoParamPrefix, 0) == 0)
      all.emplace_back(std::string(name), std::string(kv.substr(eq + 1)));
  }
  EnvVars out;
  for (auto& v : all)
    if (v.first.rfind(kArgoEnvPrefix, 0) == 0 || in_argo) out.push_back(std::move(v));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ConfigOverride> config_overrides(const EnvVars& vars, Findings& findings) {
  std::map<std::string, std::string> by_normal;  // normalized -> ConfigMap key
  for (const auto& k : configmap_keys()) by_normal.emplace(normalize(k), k);

  std::vector<ConfigOverride> out;
  const Family families[] = {{kArgoEnvPrefix, "VOLSYNC_"}, {kArgoParamPrefix, "PARAM_"}};
  for (const Family& fam : families) {
    std::map<std::string, std::string> seen;  // key -> variable that set it
    struct Array {
      std::map<long, std::string> items;
      std::string first_var;
    };
    std::map<std::string, Array> arrays;
    auto claim = [&](const std::string& key, const std::string& var) {
      auto [it, fresh] = seen.emplace(key, var);
      if (!fresh && it->second != var) {
        findings.push_back(env_finding(var, key, "sets " + key + " again (also set by " + it->second + ")",
                                       "set each setting once"));
        return false;
      }
      return true;
    };
    std::vector<ConfigOverride> family_out;
    for (const auto& [name, value] : vars) {
      if (name.rfind(fam.prefix, 0) != 0) continue;
      const std::string rest = name.substr(fam.prefix.size());
      if (auto it = by_normal.find(normalize(rest)); it != by_normal.end() && !rest.empty()) {
        if (value.empty()) continue;  // `value: ""` or an unset $VAR in Argo CD: keep the config's value
        if (claim(it->second, name)) family_out.push_back({it->second, value, "environment " + name});
        continue;
      }
      // Array parameter: PARAM_<NAME>_<i>.
      const auto us = rest.rfind('_');
      if (fam.prefix == kArgoParamPrefix && us != std::string::npos && us + 1 < rest.size() &&
          std::all_of(rest.begin() + static_cast<std::ptrdiff_t>(us) + 1, rest.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
          rest.size() - us - 1 <= 6) {
        if (auto it = by_normal.find(normalize(rest.substr(0, us))); it != by_normal.end()) {
          Array& a = arrays[it->second];
          if (a.first_var.empty()) a.first_var = name;
          a.items[std::stol(rest.substr(us + 1))] = value;
          continue;
        }
      }
      std::vector<std::string> normals;
      for (const auto& [normal, key] : by_normal) normals.push_back(normal);
      std::string guess;
      if (auto near = closest(normalize(rest), normals); !near.empty()) guess = by_normal.at(near);
      const std::string shown = fam.prefix == kArgoEnvPrefix ? "plugin env " + std::string(fam.shown) + rest
                                                             : "plugin parameter " + name;
      findings.push_back(env_finding(
          name, "", "unknown volsync-gen setting " + shown,
          guess.empty() ? "names are ConfigMap keys in SCREAMING_SNAKE_CASE, see docs/argocd.md"
                        : "did you mean " + std::string(fam.prefix) + env_name(guess) + " (" + guess + ")?"));
    }
    for (auto& [key, a] : arrays) {
      if (!claim(key, a.first_var)) continue;
      std::string joined;
      std::vector<std::string> items;
      for (const auto& [i, v] : a.items) {
        joined += (joined.empty() ? "" : ",") + v;
        items.push_back(v);
      }
      family_out.push_back({key, joined, "environment " + a.first_var, std::move(items)});
    }
    out.insert(out.end(), family_out.begin(), family_out.end());
  }
  return out;
}

}  // namespace vg
