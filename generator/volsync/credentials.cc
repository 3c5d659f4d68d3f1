#include "volsync/credentials.h"

#include <algorithm>
#include <map>

#include "krm/base64.h"
#include "krm/names.h"
#include "yaml/emit.h"
#include "volsync/kopia_credentials.h"
#include "volsync/kopia_repository.h"
#include "volsync/plan.h"

namespace vg {
namespace {

// From VolSync v0.16 mover-restic (see volsync-facts.md, "Keys in the repository Secret").
constexpr std::string_view kKnownKeys[] = {
    "RESTIC_REPOSITORY", "RESTIC_PASSWORD", "RESTIC_COMPRESSION", "RESTIC_PACK_SIZE",
    "RESTIC_READ_CONCURRENCY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION", "AWS_PROFILE", "RESTIC_AWS_ASSUME_ROLE_ARN",
    "RESTIC_AWS_ASSUME_ROLE_SESSION_NAME", "RESTIC_AWS_ASSUME_ROLE_EXTERNAL_ID",
    "RESTIC_AWS_ASSUME_ROLE_POLICY", "RESTIC_AWS_ASSUME_ROLE_REGION",
    "RESTIC_AWS_ASSUME_ROLE_STS_ENDPOINT", "ST_AUTH", "ST_USER", "ST_KEY", "OS_AUTH_URL",
    "OS_REGION_NAME", "OS_USERNAME", "OS_USER_ID", "OS_PASSWORD", "OS_TENANT_ID", "OS_TENANT_NAME",
    "OS_USER_DOMAIN_NAME", "OS_USER_DOMAIN_ID", "OS_PROJECT_NAME", "OS_PROJECT_DOMAIN_NAME",
    "OS_PROJECT_DOMAIN_ID", "OS_TRUST_ID", "OS_APPLICATION_CREDENTIAL_ID",
    "OS_APPLICATION_CREDENTIAL_NAME", "OS_APPLICATION_CREDENTIAL_SECRET", "OS_STORAGE_URL",
    "OS_AUTH_TOKEN", "B2_ACCOUNT_ID", "B2_ACCOUNT_KEY", "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY",
    "AZURE_ACCOUNT_SAS", "AZURE_ENDPOINT_SUFFIX", "AZURE_TENANT_ID", "AZURE_CLIENT_ID",
    "AZURE_FEDERATED_TOKEN_FILE", "GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS",
    "RESTIC_REST_USERNAME", "RESTIC_REST_PASSWORD",
};

Finding secret_finding(const InputObject& it, std::string rule, std::string msg, std::string field = {},
                       std::string hint = {}) {
  return object_finding(it, std::move(rule), std::move(msg), std::move(field), std::move(hint));
}

// Every key is copied into each generated Secret, so a key the API server refuses there is an
// error here, at the source (a key is a name, never a secret value).
bool valid_key(const InputObject& it, const std::string& key, const char* map, Findings& findings) {
  const auto err = config_key_error(key);
  if (!err) return true;
  findings.push_back(secret_finding(it, "source-secret",
                                    "key \"" + key + "\" is not a valid Secret key: " + *err +
                                        "; the API server would refuse the Secrets generated from it",
                                    map + key, "rename or remove the key"));
  return false;
}

// The Secret's keys and decoded values; stringData wins over data, as in the API server. Values
// that cannot be read become findings naming the key, never the value.
std::map<std::string, std::string> secret_values(const InputObject& it, const Doc& secret, Findings& findings) {
  std::map<std::string, std::string> values;
  const Doc& data = secret["data"];
  if (data.IsMap()) {
    for (const auto& kv : data.entries()) {
      const std::string& key = kv.first.Scalar();
      if (!valid_key(it, key, "data.", findings)) continue;
      if (!kv.second.IsScalar()) {
        findings.push_back(secret_finding(it, "source-secret", "value is not a string", "data." + key));
        continue;
      }
      auto decoded = base64_decode(kv.second.Scalar());
      if (!decoded) {
        findings.push_back(secret_finding(it, "source-secret", "value is not valid base64", "data." + key,
                                          "use stringData for plain text"));
        continue;
      }
      values[key] = *decoded;
    }
  } else if (data && !data.IsNull()) {
    findings.push_back(secret_finding(it, "source-secret", "data must be an object", "data"));
  }
  const Doc& string_data = secret["stringData"];
  if (string_data.IsMap()) {
    for (const auto& kv : string_data.entries()) {
      if (!valid_key(it, kv.first.Scalar(), "stringData.", findings)) continue;
      if (!kv.second.IsScalar()) {
        findings.push_back(secret_finding(it, "source-secret", "value is not a string",
                                          "stringData." + kv.first.Scalar()));
        continue;
      }
      values[kv.first.Scalar()] = kv.second.Scalar();
    }
  }
  return values;
}

// The values the per-PVC Secrets copy (the base key is volsync-gen's own); false on errors since `before`.
bool keep_values(const std::map<std::string, std::string>& values, SourceCredentials& out, const Findings& findings,
                 std::size_t before) {
  for (const auto& [k, v] : values)
    if (k != kRepositoryBaseKey) out.values.emplace_back(k, v);
  return std::none_of(findings.begin() + static_cast<std::ptrdiff_t>(before), findings.end(),
                      [](const Finding& f) { return f.severity == Severity::kError; });
}

}  // namespace

bool volsync_uses_key(std::string_view key) {
  if (key.rfind("RCLONE_", 0) == 0) return true;
  return std::find(std::begin(kKnownKeys), std::end(kKnownKeys), key) != std::end(kKnownKeys);
}

BackendKeys backend_keys(const Repository& repo, std::string_view url) {
  using B = Repository::Backend;
  B b = repo.backend;
  bool strict = true;
  if (b == B::kUrl) {
    // Infer from the scheme; missing keys are then only warnings (profiles, roles, proxies).
    strict = false;
    if (url.rfind("s3:", 0) == 0) b = B::kS3;
    else if (url.rfind("b2:", 0) == 0) b = B::kB2;
    else if (url.rfind("azure:", 0) == 0) b = B::kAzure;
    else if (url.rfind("gs:", 0) == 0) b = B::kGcs;
    else return {{}, {}, false};
  }
  switch (b) {
    case B::kS3: return {{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, {}, strict};
    case B::kB2: return {{"B2_ACCOUNT_ID", "B2_ACCOUNT_KEY"}, {}, strict};
    case B::kAzure: return {{"AZURE_ACCOUNT_NAME"}, {{"AZURE_ACCOUNT_KEY", "AZURE_ACCOUNT_SAS"}}, strict};
    case B::kGcs: return {{"GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS"}, {}, strict};
    default: return {{}, {}, strict};
  }
}

bool load_source_credentials(std::vector<InputObject>& items, const Repository& repo,
                             const Config& root_config, SourceCredentials& out, Findings& findings,
                             const SourceNeed& need, const MoverUse& use) {
  const std::size_t before = findings.size();
  // The source Secret and repository of this repository; messages name the repository when named.
  struct {
    std::string secret_name, secret_namespace, repository;
    Origin origin;
  } config{repo.credentials.secret_name, repo.credentials.secret_namespace,
           repo.backend == Repository::Backend::kUrl ? repo.url : "", root_config.origin};
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemSpan& s = items[i].span();
    if (!items[i].is("v1", "Secret") || s.name != config.secret_name) continue;
    if (!config.secret_namespace.empty() && s.namespace_ != config.secret_namespace) continue;
    if (!items[i].doc(findings)) return false;
    if (items[i].generated()) continue;
    matches.push_back(i);
  }
  const std::string where = config.secret_namespace.empty() ? config.secret_name
                                                            : config.secret_namespace + "/" + config.secret_name;
  if (matches.empty()) {
    const std::string for_namespace =
        need.namespace_.empty() ? "" : " (the credentials of namespace " + need.namespace_ + ", for PVC " + need.pvc + ")";
    findings.push_back(Finding{
        .rule = "source-secret",
        .message = "the source Secret " + where + " named in the functionConfig is not in the input" + for_namespace,
        .resource = config.origin.resource,
        .field = !need.field.empty()                            ? need.field
                 : config.origin.resource.kind == "ConfigMap" ? "data.secretName"
                                                              : "spec.credentials.secretName",
        .file = config.origin.file,
        .line = need.line > 0 ? need.line : config.origin.line,
        .hint = "include it in the resources the function sees (kustomize: a resource or secretGenerator "
                "with options.disableNameSuffixHash: true; kpt: a file in the package)"});
    return false;
  }
  if (matches.size() > 1) {
    Finding f = secret_finding(items[matches[1]], "source-secret",
                               "more than one Secret named " + config.secret_name + " in the input",
                               "", "set credentials.secretNamespace");
    findings.push_back(f);
    return false;
  }
  out = SourceCredentials{};
  out.item_index = matches[0];
  InputObject& it = items[matches[0]];
  std::map<std::string, std::string> values = secret_values(it, *it.doc(findings), findings);
  if (use.kopia)
    check_kopia_source(it, values, repo, config.repository, use.restic, out.repository_base, findings);
  if (!use.restic) return keep_values(values, out, findings, before);

  if (values.count("RESTIC_REPOSITORY"))
    findings.push_back(secret_finding(
        it, "source-secret", "the source Secret sets RESTIC_REPOSITORY: every PVC would share one repository "
        "and prune the others' snapshots", "data.RESTIC_REPOSITORY",
        "rename the key to RESTIC_REPOSITORY_BASE (the per-PVC path is appended) or set spec.repository"));
  auto pw = values.find("RESTIC_PASSWORD");
  if (pw == values.end() || pw->second.empty())
    findings.push_back(secret_finding(it, "source-secret",
                                      pw == values.end() ? "the source Secret has no RESTIC_PASSWORD"
                                                         : "RESTIC_PASSWORD is empty",
                                      "data.RESTIC_PASSWORD"));

  auto base = values.find(kRepositoryBaseKey);
  if (base != values.end() && repo.backend != Repository::Backend::kUrl) {
    findings.push_back(secret_finding(it, "source-secret", std::string("RESTIC_REPOSITORY_BASE is ignored: the ") +
                                      backend_name(repo.backend) + " repository block sets the location",
                                      "data.RESTIC_REPOSITORY_BASE"));
    findings.back().severity = Severity::kWarning;
    base = values.end();
  }
  if (base != values.end() && !config.repository.empty() && base->second != config.repository)
    findings.push_back(secret_finding(it, "source-secret",
                                      "both spec.repository and the Secret's RESTIC_REPOSITORY_BASE are set, "
                                      "to different values", "data.RESTIC_REPOSITORY_BASE",
                                      "set the base repository in one place"));
  out.repository_base = !config.repository.empty() ? config.repository
                        : base != values.end()     ? base->second
                                                   : std::string();
  if (repo.backend != Repository::Backend::kUrl) {
    // Structured backends build the URL themselves (repository_url); only keys are checked here.
  } else if (out.repository_base.empty()) {
    Finding f = secret_finding(it, "repository", "no base repository: set spec.repository in the "
                               "functionConfig or RESTIC_REPOSITORY_BASE in the source Secret");
    findings.push_back(f);
  } else if (auto err = repository_error(out.repository_base)) {
    // The repository may come from the Secret, so say where without echoing a secret value.
    Finding f = base != values.end() && config.repository.empty()
                    ? secret_finding(it, "repository", "RESTIC_REPOSITORY_BASE is not a restic repository",
                                     "data.RESTIC_REPOSITORY_BASE")
                    : Finding{.severity = Severity::kError,
                              .rule = "repository",
                              .message = *err,
                              .resource = config.origin.resource,
                              .field = "spec.repository",
                              .file = config.origin.file,
                              .line = config.origin.line};
    findings.push_back(f);
  }

  for (const auto& [key, value] : values) {
    if (key == kRepositoryBaseKey || volsync_uses_key(key) || (use.kopia && kopia_uses_key(key))) continue;
    findings.push_back(secret_finding(it, "secret-key-ignored",
                                      "key " + key + " is not passed to restic by VolSync and will be ignored",
                                      "data." + key,
                                      key == "AWS_REGION" ? "VolSync passes AWS_DEFAULT_REGION" : ""));
    findings.back().severity = Severity::kWarning;
  }
  const BackendKeys keys = backend_keys(repo, out.repository_base);
  // The hint names this backend's keys, not a fixed example of another backend.
  std::string backend_hint;
  for (const auto& k : keys.all_of) backend_hint += (backend_hint.empty() ? "" : " and ") + k;
  for (const auto& group : keys.one_of) {
    std::string names;
    for (const auto& k : group) names += (names.empty() ? "" : " or ") + k;
    backend_hint += (backend_hint.empty() ? "" : " and ") + names;
  }
  backend_hint = "add " + backend_hint + " to the source Secret";
  auto missing = [&](const std::string& msg, const std::string& field) {
    findings.push_back(secret_finding(it, "secret-backend-keys", msg, field, backend_hint));
    if (!keys.strict) findings.back().severity = Severity::kWarning;
  };
  const char* kind = backend_name(repo.backend);
  // A key whose value is empty or blank authenticates nobody: it counts as absent.
  auto has = [&](const std::string& k) {
    auto v = values.find(k);
    return v != values.end() && v->second.find_first_not_of(" \t\r\n") != std::string::npos;
  };
  auto blank = [&](const std::string& k) { return values.count(k) && !has(k) ? " (its value is empty)" : ""; };
  for (const auto& k : keys.all_of)
    if (!has(k))
      missing(std::string("the ") + (repo.backend == Repository::Backend::kUrl ? "repository" : kind) +
                  " backend needs " + k + " in the source Secret" + blank(k), "data." + k);
  for (const auto& group : keys.one_of)
    if (std::none_of(group.begin(), group.end(), has)) {
      std::string names;
      for (const auto& k : group) names += (names.empty() ? "" : " or ") + k;
      missing("the backend needs " + names + " in the source Secret" + blank(group.front()), "data." + group.front());
    }
  auto gcs = values.find("GOOGLE_APPLICATION_CREDENTIALS");
  const bool uses_gcs = repo.backend == Repository::Backend::kGcs ||
                        (repo.backend == Repository::Backend::kUrl && out.repository_base.rfind("gs:", 0) == 0);
  if (gcs != values.end() && uses_gcs) {
    std::string_view v = gcs->second;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\n')) v.remove_prefix(1);
    if (v.empty() || v.front() != '{')
      findings.push_back(secret_finding(it, "source-secret",
                                        "GOOGLE_APPLICATION_CREDENTIALS must hold the JSON key itself (VolSync "
                                        "mounts it as a file), not a path", "data.GOOGLE_APPLICATION_CREDENTIALS"));
  }
  if (repo.backend == Repository::Backend::kS3 && !repo.region.empty() && !values.count("AWS_DEFAULT_REGION"))
    values["AWS_DEFAULT_REGION"] = repo.region;

  return keep_values(values, out, findings, before);
}

std::vector<std::string> external_secret_keys(const Repository& repo, std::string_view url) {
  const auto& props = repo.credentials.properties;
  const auto mapped = [&](const std::string& k) {
    return std::any_of(props.begin(), props.end(), [&](const auto& p) { return p.first == k; });
  };
  std::vector<std::string> keys = {"RESTIC_PASSWORD"};
  const BackendKeys bk = backend_keys(repo, url);
  for (const auto& k : bk.all_of) keys.push_back(k);
  for (const auto& group : bk.one_of) {
    auto m = std::find_if(group.begin(), group.end(), mapped);
    keys.push_back(m != group.end() ? *m : group.front());
  }
  if (!props.empty()) std::erase_if(keys, [&](const std::string& k) { return !mapped(k); });
  for (const auto& [k, p] : props)
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

void check_external_secret_properties(const Config& config, std::size_t i, Findings& findings) {
  const Repository& repo = config.repositories[i];
  const auto& props = repo.credentials.properties;
  if (repo.credentials.mode != Credentials::Mode::kExternalSecret || props.empty()) return;
  const auto mapped = [&](const std::string& k) {
    return std::any_of(props.begin(), props.end(), [&](const auto& p) { return p.first == k; });
  };
  const BackendKeys bk = backend_keys(repo, repo.url);
  const bool inherited = props == config.credentials.properties;
  const std::string field = (inherited ? std::string("spec") : "spec.repositories[" + std::to_string(i) + "]") +
                            ".credentials.externalSecret.properties";
  const Origin& at = inherited ? config.origin : repo.origin;  // the spec's line, or the repository entry's
  auto missing = [&](const std::string& names, bool strict) {
    findings.push_back(Finding{.severity = strict ? Severity::kError : Severity::kWarning,
                               .rule = "secret-backend-keys",
                               .message = "properties map no " + names + ", which the Secret of " +
                                          (repo.name.empty() ? std::string("the repository") : "repository " + repo.name) +
                                          " needs",
                               .resource = config.origin.resource,
                               .field = field,
                               .file = at.file,
                               .line = at.line,
                               .hint = "map it to the store item's property"});
  };
  if (!mapped("RESTIC_PASSWORD")) missing("RESTIC_PASSWORD", true);
  for (const auto& k : bk.all_of)
    if (!mapped(k)) missing(k, bk.strict);
  for (const auto& group : bk.one_of)
    if (std::none_of(group.begin(), group.end(), mapped)) {
      std::string names;
      for (const auto& k : group) names += (names.empty() ? "" : " or ") + k;
      missing(names, bk.strict);
    }
}

Doc secret_data(const SourceCredentials& creds, const std::string& repository) {
  std::map<std::string, std::string> all(creds.values.begin(), creds.values.end());
  all["RESTIC_REPOSITORY"] = repository;
  Doc data = Doc::map();
  for (const auto& [k, v] : all) data.add(Doc::string(k), Doc::string(base64_encode(v)));
  return data;
}

}  // namespace vg
