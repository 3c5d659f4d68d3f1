#include "volsync/credentials_by_namespace.h"

#include "volsync/namespace_glob.h"

namespace vg {

std::optional<std::string> pick_by_namespace(const std::vector<std::pair<std::string, std::string>>& by_namespace,
                                             const std::string& fallback, std::string_view ns, std::string& error) {
  for (const auto& entry : by_namespace)
    if (entry.first == ns) return entry.second;  // an exact name beats every glob
  const std::pair<std::string, std::string>* glob = nullptr;
  for (const auto& entry : by_namespace) {
    if (!namespace_is_glob(entry.first) || !namespace_glob_match(entry.first, ns)) continue;
    if (glob) {
      error = "namespace " + std::string(ns) + " matches two globs, \"" + glob->first + "\" and \"" + entry.first +
              "\": which credentials it gets would be a guess";
      return std::nullopt;
    }
    glob = &entry;
  }
  if (glob) return glob->second;
  if (!fallback.empty()) return fallback;
  error = "no credentials for namespace " + std::string(ns) + ": no byNamespace entry matches it and no fallback is set";
  return std::nullopt;
}

std::optional<std::string> credentials_for_namespace(const Credentials& c, std::string_view ns, std::string& error) {
  if (c.mode == Credentials::Mode::kExternalSecret)
    return pick_by_namespace(c.remote_key_by_namespace, c.remote_key, ns, error);
  return pick_by_namespace(c.secret_by_namespace, c.secret_name, ns, error);
}

std::string by_namespace_field(const Config& config, std::size_t repo_index) {
  const Credentials& c = config.repositories[repo_index].credentials;
  const bool eso = c.mode == Credentials::Mode::kExternalSecret;
  const bool inherited = eso ? c.remote_key_by_namespace == config.credentials.remote_key_by_namespace
                             : c.secret_by_namespace == config.credentials.secret_by_namespace;
  return (inherited ? std::string("spec") : "spec.repositories[" + std::to_string(repo_index) + "]") +
         (eso ? ".credentials.externalSecret.byNamespace" : ".credentials.byNamespace");
}

Origin by_namespace_origin(const Config& config, std::size_t repo_index) {
  const Credentials& c = config.repositories[repo_index].credentials;
  const int mark = c.mode == Credentials::Mode::kExternalSecret ? c.remote_key_by_namespace_mark : c.secret_by_namespace_mark;
  Origin o = config.origin;
  if (mark >= 0 && o.line > 0) o.line += mark;
  return o;
}

}  // namespace vg
