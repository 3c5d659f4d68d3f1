#include "volsync/kopia_credentials.h"

#include <algorithm>

#include "krm/base64.h"

namespace vg {
namespace {

bool has_value(const std::map<std::string, std::string>& values, const std::string& k) {
  auto v = values.find(k);
  return v != values.end() && v->second.find_first_not_of(" \t\r\n") != std::string::npos;
}

Finding warning(Finding f) {
  f.severity = Severity::kWarning;
  return f;
}

// The field of config.repositories[i] that sets its location.
std::string location_field(const Config& config, std::size_t i) {
  const Repository& r = config.repositories[i];
  if (config.raw_repositories.IsSequence())
    return "spec.repositories[" + std::to_string(i) + "]" + (r.backend == Repository::Backend::kUrl ? ".url" : "");
  return config.origin.resource.kind == "ConfigMap" ? "data.repository" : "spec.repository";
}

// The credential keys: all present (a hint when restic's name for one is there instead).
void check_backend_keys(const InputObject& it, const std::map<std::string, std::string>& values,
                        const Repository& repo, const std::string& base, Findings& findings) {
  const BackendKeys keys = kopia_backend_keys(repo, base);
  const char* kind = repo.backend == Repository::Backend::kUrl ? "repository" : backend_name(repo.backend);
  for (const auto& k : keys.all_of) {
    if (has_value(values, k)) continue;
    std::string hint;
    for (const auto& [present, v] : values)
      if (kopia_name_of_restic_key(present) == k) hint = present + " is restic's name; the kopia mover reads " + k;
    Finding f = object_finding(it, "secret-backend-keys",
                               std::string("the kopia mover's ") + kind + " backend needs " + k + " in the source Secret" +
                                   (values.count(k) ? " (its value is empty)" : ""),
                               "data." + k, hint);
    findings.push_back(keys.strict ? f : warning(f));
  }
}

}  // namespace

void check_kopia_source(const InputObject& it, const std::map<std::string, std::string>& values,
                        const Repository& repo, const std::string& config_url, bool restic_too, std::string& base,
                        Findings& findings) {
  using B = Repository::Backend;
  if (!has_value(values, "KOPIA_PASSWORD"))
    findings.push_back(object_finding(it, "source-secret",
                                      values.count("KOPIA_PASSWORD") ? "KOPIA_PASSWORD is empty"
                                                                     : "the source Secret has no KOPIA_PASSWORD",
                                      "data.KOPIA_PASSWORD",
                                      values.count("RESTIC_PASSWORD") ? "the kopia mover reads KOPIA_PASSWORD, not RESTIC_PASSWORD" : ""));
  auto secret_repo = values.find("KOPIA_REPOSITORY");
  if (repo.backend != B::kUrl) {
    if (secret_repo != values.end())
      findings.push_back(warning(object_finding(it, "source-secret",
                                                std::string("KOPIA_REPOSITORY is ignored: the ") + backend_name(repo.backend) +
                                                    " repository block sets the location",
                                                "data.KOPIA_REPOSITORY")));
    for (const auto& [k, v] : values)
      if (kopia_backend_selecting_key(k))
        findings.push_back(object_finding(it, "source-secret",
                                          k + " selects a kopia backend itself (the mover takes the first match) and "
                                              "would compete with the " + backend_name(repo.backend) + " repository block",
                                          "data." + k, "remove it: volsync-gen writes the block's location keys"));
  } else {
    if (secret_repo != values.end() && !config_url.empty() && secret_repo->second != config_url)
      findings.push_back(object_finding(it, "source-secret",
                                        "both spec.repository and the Secret's KOPIA_REPOSITORY are set, to different values",
                                        "data.KOPIA_REPOSITORY", "set the repository in one place"));
    base = !config_url.empty() ? config_url : secret_repo != values.end() ? secret_repo->second : std::string();
    if (config_url.empty()) {
      const KopiaLocationResult loc = kopia_location(repo, base);
      if (!loc.location)
        findings.push_back(object_finding(it, "repository",
                                          secret_repo == values.end() ? loc.error
                                                                      : "KOPIA_REPOSITORY is not a repository the kopia mover can use",
                                          "data.KOPIA_REPOSITORY"));
    }
  }
  check_backend_keys(it, values, repo, base, findings);
  for (const auto& [key, value] : values) {
    if (key == kRepositoryBaseKey || kopia_uses_key(key) || (restic_too && volsync_uses_key(key))) continue;
    findings.push_back(warning(object_finding(it, "secret-key-ignored",
                                              "key " + key + " is not passed to the kopia mover and will be ignored",
                                              "data." + key,
                                              key == "KOPIA_FS_PATH" ? "filesystem repositories are located by KOPIA_REPOSITORY alone" : "")));
  }
  const bool gcs = repo.backend == B::kGcs;
  auto creds = values.find("GOOGLE_APPLICATION_CREDENTIALS");
  if (gcs && creds != values.end()) {
    const auto first = creds->second.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || creds->second[first] != '{')
      findings.push_back(object_finding(it, "source-secret",
                                        "GOOGLE_APPLICATION_CREDENTIALS must hold the JSON key itself (the mover mounts "
                                        "it as a file), not a path",
                                        "data.GOOGLE_APPLICATION_CREDENTIALS"));
  }
}

void check_kopia_repository_config(const Config& config, std::size_t i, Findings& findings) {
  const Repository& repo = config.repositories[i];
  if (repo.backend == Repository::Backend::kUrl && repo.url.empty()) return;  // from the source Secret
  const KopiaLocationResult loc = kopia_location(repo, repo.url);
  if (loc.location) return;
  findings.push_back(Finding{.severity = Severity::kError,
                             .rule = "repository",
                             .message = loc.error + (repo.name.empty() ? "" : " (repository " + repo.name + ")"),
                             .resource = config.origin.resource,
                             .field = location_field(config, i),
                             .file = repo.origin.file,
                             .line = repo.origin.line});
}

Doc kopia_secret_data(const SourceCredentials* creds, const KopiaLocation& location) {
  std::map<std::string, std::string> all;
  if (creds) all.insert(creds->values.begin(), creds->values.end());
  all.erase("RESTIC_PASSWORD");  // a source Secret serving both movers: each Secret carries its own password only
  for (const auto& [k, v] : location.keys) all[k] = v;
  all["KOPIA_REPOSITORY"] = location.repository;
  Doc data = Doc::map();
  for (const auto& [k, v] : all) data.add(Doc::string(k), Doc::string(base64_encode(v)));
  return data;
}

namespace {

// ESO templates are Go templates: `.KEY` works for identifier keys (every kopia key is one).
std::string eso_ref(const std::string& key) { return "{{ ." + key + " }}"; }

std::vector<std::string> store_keys(const Repository& repo, const KopiaLocation& location) {
  const auto& props = repo.credentials.properties;
  const auto mapped = [&](const std::string& k) {
    return std::any_of(props.begin(), props.end(), [&](const auto& p) { return p.first == k; });
  };
  std::vector<std::string> keys = {"KOPIA_PASSWORD"};
  for (const auto& k : kopia_backend_keys(repo, location.repository).all_of) keys.push_back(k);
  if (!props.empty()) std::erase_if(keys, [&](const std::string& k) { return !mapped(k); });
  for (const auto& [k, p] : props)
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

}  // namespace

Doc kopia_external_secret_data(const Repository& repo, const KopiaLocation& location) {
  Doc data = Doc::map();
  // The location is not a secret: written literally, the same for every PVC of the repository.
  data.set("KOPIA_REPOSITORY", Doc::string(location.repository));
  for (const auto& [k, v] : location.keys) data.set(k, Doc::string(v));
  for (const auto& k : store_keys(repo, location))
    if (!data.find(k)) data.set(k, Doc::string(eso_ref(k)));
  return data;
}

void check_kopia_external_secret_properties(const Config& config, std::size_t i, Findings& findings) {
  const Repository& repo = config.repositories[i];
  const auto& props = repo.credentials.properties;
  if (repo.credentials.mode != Credentials::Mode::kExternalSecret || props.empty()) return;
  const auto mapped = [&](const std::string& k) {
    return std::any_of(props.begin(), props.end(), [&](const auto& p) { return p.first == k; });
  };
  const bool inherited = props == config.credentials.properties;
  const std::string field = (inherited ? std::string("spec") : "spec.repositories[" + std::to_string(i) + "]") +
                            ".credentials.externalSecret.properties";
  const Origin& at = inherited ? config.origin : repo.origin;
  const BackendKeys bk = kopia_backend_keys(repo, repo.url);
  std::vector<std::pair<std::string, bool>> needed = {{"KOPIA_PASSWORD", true}};
  for (const auto& k : bk.all_of) needed.emplace_back(k, bk.strict);
  for (const auto& [k, strict] : needed)
    if (!mapped(k))
      findings.push_back(Finding{.severity = strict ? Severity::kError : Severity::kWarning,
                                 .rule = "secret-backend-keys",
                                 .message = "properties map no " + k + ", which the kopia mover needs in the Secret of " +
                                            (repo.name.empty() ? std::string("the repository") : "repository " + repo.name),
                                 .resource = config.origin.resource,
                                 .field = field,
                                 .file = at.file,
                                 .line = at.line,
                                 .hint = "map it to the store item's property"});
}

void check_kopia_passwords(const Config& config, const LoadedSources& loaded, const std::vector<bool>& kopia,
                           const std::vector<InputObject>& objects, Findings& findings) {
  struct First {
    std::string password;
    std::size_t item;
  };
  std::map<std::string, First> by_location;  // KOPIA_REPOSITORY and its location keys -> first Secret
  for (const auto& [key, creds] : loaded) {
    if (!creds || key.first >= kopia.size() || !kopia[key.first]) continue;
    const KopiaLocationResult loc = kopia_location(config.repositories[key.first], creds->repository_base);
    if (!loc.location) continue;  // reported where it is set
    std::string where = loc.location->repository;
    for (const auto& [k, v] : loc.location->keys) where += "\n" + k + "=" + v;
    auto pw = std::find_if(creds->values.begin(), creds->values.end(),
                           [](const auto& kv) { return kv.first == "KOPIA_PASSWORD"; });
    if (pw == creds->values.end()) continue;  // reported by check_kopia_source
    auto [first, added] = by_location.try_emplace(where, First{pw->second, creds->item_index});
    if (added || first->second.password == pw->second) continue;
    const InputObject& other = objects[first->second.item];
    findings.push_back(object_finding(objects[creds->item_index], "kopia-password-mismatch",
                                      "KOPIA_PASSWORD differs from the one in " + other.ref().display() +
                                          ", for the same kopia repository " + loc.location->repository +
                                          ": the mover cannot open a repository with a second password",
                                      "data.KOPIA_PASSWORD",
                                      "every Secret of one kopia repository must carry its one password"));
  }
}

}  // namespace vg
