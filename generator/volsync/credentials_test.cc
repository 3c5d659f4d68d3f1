#include "volsync/credentials.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "krm/base64.h"

namespace vg {
namespace {

Doc load(std::string_view text) {
  Doc d;
  DocParseError e;
  EXPECT_TRUE(parse_doc(text, d, e)) << e.line << ": " << e.message;
  return d;
}

// A Secret named `name` with stringData `kv` (YAML flow map body) in namespace `ns`.
InputObject secret(const std::string& kv, const std::string& name = "restic", const std::string& ns = "backup",
                   int line = 5) {
  return InputObject(load("apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
                          "\nstringData: {" + kv + "}\n"),
                     "in.yaml", line);
}

Config config(std::string repository = "s3:s3.example.com/bucket", std::string kind = "VolSyncBackup") {
  Config c;
  c.repository = std::move(repository);
  c.origin.resource = {"volsync-gen.io/v1alpha1", kind, "cfg", ""};
  c.origin.file = "config.yaml";
  c.origin.line = 2;
  return c;
}

Repository url_repo(std::string url = "s3:s3.example.com/bucket") {
  Repository r;
  r.url = std::move(url);
  r.credentials.secret_name = "restic";
  return r;
}

struct Loaded {
  bool ok = false;
  SourceCredentials creds;
  Findings f;
  const Finding* find(std::string_view rule, std::string_view field) const {
    for (const auto& x : f)
      if (x.rule == rule && x.field == field) return &x;
    return nullptr;
  }
  std::string all() const {
    std::string s;
    for (const auto& x : f) s += x.to_text() + "\n";
    return s;
  }
};

Loaded load_creds(std::vector<InputObject>& items, const Repository& repo, const Config& c) {
  Loaded l;
  l.ok = load_source_credentials(items, repo, c, l.creds, l.f);
  return l;
}

Loaded load_one(const std::string& kv, const Repository& repo = url_repo(), const Config& c = config()) {
  std::vector<InputObject> items;
  items.push_back(secret(kv));
  return load_creds(items, repo, c);
}

constexpr const char* kS3Keys = "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: key";

TEST(Credentials, KeysVolSyncPassesToRestic) {
  struct Case {
    const char* key;
    bool used;
  };
  const Case cases[] = {
      {"RESTIC_PASSWORD", true},    {"RESTIC_REPOSITORY", true},    {"AWS_DEFAULT_REGION", true},
      {"B2_ACCOUNT_KEY", true},     {"AZURE_ACCOUNT_SAS", true},    {"RESTIC_REST_PASSWORD", true},
      {"RCLONE_CONFIG", true},      {"RCLONE_", true},              {"AWS_REGION", false},
      {"RESTIC_REPOSITORY_BASE", false}, {"restic_password", false}, {"", false},
      {"XRCLONE_CONFIG", false},    {"GOOGLE_PROJECT_ID", true},
  };
  for (const auto& c : cases) EXPECT_EQ(volsync_uses_key(c.key), c.used) << c.key;
}

TEST(Credentials, BackendKeysByBackendAndScheme) {
  using B = Repository::Backend;
  struct Case {
    B backend;
    const char* url;
    std::vector<std::string> all_of;
    std::size_t one_of_groups;
    bool strict;
  };
  const Case cases[] = {
      {B::kS3, "", {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, 0, true},
      {B::kB2, "", {"B2_ACCOUNT_ID", "B2_ACCOUNT_KEY"}, 0, true},
      {B::kAzure, "", {"AZURE_ACCOUNT_NAME"}, 1, true},
      {B::kGcs, "", {"GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS"}, 0, true},
      {B::kRest, "", {}, 0, true},
      {B::kLocal, "", {}, 0, true},
      // URL repositories: inferred from the scheme, and only warnings.
      {B::kUrl, "s3:host/bucket", {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, 0, false},
      {B::kUrl, "b2:bucket:path", {"B2_ACCOUNT_ID", "B2_ACCOUNT_KEY"}, 0, false},
      {B::kUrl, "azure:container:/", {"AZURE_ACCOUNT_NAME"}, 1, false},
      {B::kUrl, "gs:bucket:/", {"GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS"}, 0, false},
      {B::kUrl, "rest:https://host/", {}, 0, false},
      {B::kUrl, "/srv/restic", {}, 0, false},
      {B::kUrl, "S3:host/bucket", {}, 0, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(backend_name(c.backend)) + " " + c.url);
    Repository r;
    r.backend = c.backend;
    BackendKeys k = backend_keys(r, c.url);
    EXPECT_EQ(k.all_of, c.all_of);
    EXPECT_EQ(k.one_of.size(), c.one_of_groups);
    EXPECT_EQ(k.strict, c.strict);
  }
  Repository azure;
  azure.backend = B::kAzure;
  EXPECT_EQ(backend_keys(azure, "").one_of.at(0), (std::vector<std::string>{"AZURE_ACCOUNT_KEY", "AZURE_ACCOUNT_SAS"}));
}

TEST(Credentials, LoadsAndSortsValuesWithoutTheBase) {
  auto l = load_one(std::string(kS3Keys) + ", AWS_DEFAULT_REGION: us-east-1");
  ASSERT_TRUE(l.ok) << l.all();
  EXPECT_TRUE(l.f.empty()) << l.all();
  EXPECT_EQ(l.creds.item_index, 0u);
  EXPECT_EQ(l.creds.repository_base, "s3:s3.example.com/bucket");
  using KV = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(l.creds.values, (KV{{"AWS_ACCESS_KEY_ID", "id"},
                                {"AWS_DEFAULT_REGION", "us-east-1"},
                                {"AWS_SECRET_ACCESS_KEY", "key"},
                                {"RESTIC_PASSWORD", "pw"}}));
}

TEST(Credentials, DataIsDecodedAndStringDataWins) {
  std::vector<InputObject> items;
  items.push_back(InputObject(
      load("apiVersion: v1\nkind: Secret\nmetadata: {name: restic}\n"
           "data:\n  RESTIC_PASSWORD: " + base64_encode("from-data") +
           "\n  AWS_ACCESS_KEY_ID: " + base64_encode("id") + "\n  AWS_SECRET_ACCESS_KEY: " + base64_encode("k") +
           "\nstringData:\n  RESTIC_PASSWORD: from-stringData\n"),
      "in.yaml", 1));
  auto l = load_creds(items, url_repo(), config());
  ASSERT_TRUE(l.ok) << l.all();
  ASSERT_EQ(l.creds.values.size(), 3u);
  EXPECT_EQ(l.creds.values[0], (std::pair<std::string, std::string>{"AWS_ACCESS_KEY_ID", "id"}));
  EXPECT_EQ(l.creds.values[2], (std::pair<std::string, std::string>{"RESTIC_PASSWORD", "from-stringData"}));
}

TEST(Credentials, FindingsAboutTheSecret) {
  struct Case {
    const char* name;
    std::string kv;  // stringData body
    const char* rule;
    const char* field;
    const char* message;  // substring
    Severity severity;
    bool ok;
  };
  const Case cases[] = {
      {"no password", "AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: key", "source-secret", "data.RESTIC_PASSWORD",
       "the source Secret has no RESTIC_PASSWORD", Severity::kError, false},
      {"empty password", "RESTIC_PASSWORD: '', AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: key", "source-secret",
       "data.RESTIC_PASSWORD", "RESTIC_PASSWORD is empty", Severity::kError, false},
      {"RESTIC_REPOSITORY shared", std::string(kS3Keys) + ", RESTIC_REPOSITORY: s3:x/y", "source-secret",
       "data.RESTIC_REPOSITORY", "every PVC would share one repository", Severity::kError, false},
      {"ignored key", std::string(kS3Keys) + ", AWS_REGION: eu", "secret-key-ignored", "data.AWS_REGION",
       "key AWS_REGION is not passed to restic by VolSync", Severity::kWarning, true},
      {"url repository missing a key is a warning", "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: id",
       "secret-backend-keys", "data.AWS_SECRET_ACCESS_KEY",
       "the repository backend needs AWS_SECRET_ACCESS_KEY in the source Secret", Severity::kWarning, true},
      {"empty backend key counts as missing", "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: k",
       "secret-backend-keys", "data.AWS_ACCESS_KEY_ID", "needs AWS_ACCESS_KEY_ID", Severity::kWarning, true},
      {"base differs from spec.repository", std::string(kS3Keys) + ", RESTIC_REPOSITORY_BASE: s3:other/b",
       "source-secret", "data.RESTIC_REPOSITORY_BASE", "to different values", Severity::kError, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto l = load_one(c.kv);
    EXPECT_EQ(l.ok, c.ok) << l.all();
    const Finding* f = l.find(c.rule, c.field);
    ASSERT_NE(f, nullptr) << l.all();
    EXPECT_NE(f->message.find(c.message), std::string::npos) << f->message;
    EXPECT_EQ(f->severity, c.severity);
    EXPECT_EQ(f->resource.kind, "Secret");
    EXPECT_EQ(f->resource.name, "restic");
    EXPECT_EQ(f->file, "in.yaml");
    EXPECT_EQ(f->line, 5);
  }
  auto region = load_one(std::string(kS3Keys) + ", AWS_REGION: eu");
  const Finding* hint = region.find("secret-key-ignored", "data.AWS_REGION");
  ASSERT_NE(hint, nullptr);
  EXPECT_EQ(hint->hint, "VolSync passes AWS_DEFAULT_REGION");
}

TEST(Credentials, UnreadableValuesNameTheKeyNeverTheValue) {
  std::vector<InputObject> items;
  items.push_back(InputObject(load("apiVersion: v1\nkind: Secret\nmetadata: {name: restic}\n"
                                   "data:\n  RESTIC_PASSWORD: 'not*base64!'\n  B2_ACCOUNT_ID: [x]\n"
                                   "stringData:\n  B2_ACCOUNT_KEY: {a: b}\n"),
                              "in.yaml", 1));
  auto l = load_creds(items, url_repo("b2:bucket:/"), config(""));
  EXPECT_FALSE(l.ok);
  const Finding* b64 = l.find("source-secret", "data.RESTIC_PASSWORD");
  ASSERT_NE(b64, nullptr) << l.all();
  EXPECT_EQ(b64->message, "value is not valid base64");
  EXPECT_EQ(b64->hint, "use stringData for plain text");
  ASSERT_NE(l.find("source-secret", "data.B2_ACCOUNT_ID"), nullptr) << l.all();
  EXPECT_EQ(l.find("source-secret", "data.B2_ACCOUNT_ID")->message, "value is not a string");
  ASSERT_NE(l.find("source-secret", "stringData.B2_ACCOUNT_KEY"), nullptr) << l.all();
  for (const auto& f : l.f) EXPECT_EQ(f.to_text().find("not*base64"), std::string::npos) << f.to_text();

  std::vector<InputObject> bad_data;
  bad_data.push_back(InputObject(load("apiVersion: v1\nkind: Secret\nmetadata: {name: restic}\ndata: [a]\n"),
                                 "in.yaml", 1));
  auto d = load_creds(bad_data, url_repo(), config());
  ASSERT_NE(d.find("source-secret", "data"), nullptr) << d.all();
  EXPECT_EQ(d.find("source-secret", "data")->message, "data must be an object");
}

TEST(Credentials, MissingSecretPointsAtTheConfig) {
  struct Case {
    const char* kind;
    const char* field;
  };
  const Case cases[] = {{"VolSyncBackup", "spec.credentials.secretName"}, {"ConfigMap", "data.secretName"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.kind);
    std::vector<InputObject> items;
    items.push_back(secret(kS3Keys, "other"));
    Repository r = url_repo();
    r.credentials.secret_namespace = "backup";
    auto l = load_creds(items, r, config("s3:x/y", c.kind));
    EXPECT_FALSE(l.ok);
    ASSERT_EQ(l.f.size(), 1u) << l.all();
    EXPECT_EQ(l.f[0].rule, "source-secret");
    EXPECT_EQ(l.f[0].message, "the source Secret backup/restic named in the functionConfig is not in the input");
    EXPECT_EQ(l.f[0].field, c.field);
    EXPECT_EQ(l.f[0].file, "config.yaml");
    EXPECT_EQ(l.f[0].line, 2);
    EXPECT_EQ(l.f[0].resource.kind, c.kind);
  }
}

TEST(Credentials, SecretIsChosenByNameNamespaceAndNotGenerated) {
  std::vector<InputObject> items;
  items.push_back(secret(kS3Keys, "restic", "a"));
  items.push_back(InputObject(load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: restic}\n"), "in.yaml", 1));
  items.push_back(secret(kS3Keys, "restic", "b", 9));
  // A per-PVC Secret a previous run generated under the same name is not a source.
  items.push_back(InputObject(load("apiVersion: v1\nkind: Secret\nmetadata:\n  name: restic\n  namespace: c\n"
                                   "  labels: {app.kubernetes.io/managed-by: volsync-gen}\n"
                                   "  annotations: {volsync-gen.io/source-pvc: data}\n"),
                              "in.yaml", 20));

  Repository in_b = url_repo();
  in_b.credentials.secret_namespace = "b";
  auto l = load_creds(items, in_b, config());
  ASSERT_TRUE(l.ok) << l.all();
  EXPECT_EQ(l.creds.item_index, 2u);

  auto two = load_creds(items, url_repo(), config());
  EXPECT_FALSE(two.ok);
  ASSERT_EQ(two.f.size(), 1u) << two.all();
  EXPECT_EQ(two.f[0].message, "more than one Secret named restic in the input");
  EXPECT_EQ(two.f[0].hint, "set credentials.secretNamespace");
  EXPECT_EQ(two.f[0].line, 9) << "the finding is at the second Secret";

  Repository in_c = url_repo();
  in_c.credentials.secret_namespace = "c";
  auto generated = load_creds(items, in_c, config());
  EXPECT_FALSE(generated.ok);
  ASSERT_FALSE(generated.f.empty());
  EXPECT_NE(generated.f[0].message.find("is not in the input"), std::string::npos) << generated.all();
}

TEST(Credentials, BaseRepository) {
  // From the Secret when the config has none.
  auto from_secret = load_one(std::string(kS3Keys) + ", RESTIC_REPOSITORY_BASE: s3:host/bucket", url_repo(""),
                              config(""));
  ASSERT_TRUE(from_secret.ok) << from_secret.all();
  EXPECT_EQ(from_secret.creds.repository_base, "s3:host/bucket");
  for (const auto& [k, v] : from_secret.creds.values) EXPECT_NE(k, kRepositoryBaseKey);

  // Nowhere.
  auto none = load_one(kS3Keys, url_repo(""), config(""));
  EXPECT_FALSE(none.ok);
  ASSERT_NE(none.find("repository", ""), nullptr) << none.all();
  EXPECT_NE(none.find("repository", "")->message.find("no base repository"), std::string::npos);

  // Same in both places: fine.
  auto same = load_one(std::string(kS3Keys) + ", RESTIC_REPOSITORY_BASE: s3:s3.example.com/bucket");
  EXPECT_TRUE(same.ok) << same.all();

  // A bad base from the Secret is reported at the Secret without its value.
  auto bad = load_one("RESTIC_PASSWORD: pw, RESTIC_REPOSITORY_BASE: https://bucket.example.com", url_repo(""),
                      config(""));
  EXPECT_FALSE(bad.ok);
  const Finding* f = bad.find("repository", "data.RESTIC_REPOSITORY_BASE");
  ASSERT_NE(f, nullptr) << bad.all();
  EXPECT_EQ(f->message, "RESTIC_REPOSITORY_BASE is not a restic repository");
  EXPECT_EQ(f->resource.kind, "Secret");

  // A bad spec.repository is reported at the config.
  auto bad_spec = load_one("RESTIC_PASSWORD: pw", url_repo("https://bucket.example.com"),
                           config("https://bucket.example.com"));
  EXPECT_FALSE(bad_spec.ok);
  const Finding* g = bad_spec.find("repository", "spec.repository");
  ASSERT_NE(g, nullptr) << bad_spec.all();
  EXPECT_EQ(g->file, "config.yaml");
  EXPECT_EQ(g->line, 2);
  EXPECT_EQ(g->resource.kind, "VolSyncBackup");
}

TEST(Credentials, StructuredBackends) {
  using B = Repository::Backend;
  // A block sets the location: a base in the Secret is ignored with a warning.
  Repository s3 = url_repo("");
  s3.backend = B::kS3;
  s3.bucket = "b";
  s3.region = "eu-central-1";
  auto l = load_one(std::string(kS3Keys) + ", RESTIC_REPOSITORY_BASE: s3:x/y", s3, config(""));
  ASSERT_TRUE(l.ok) << l.all();
  const Finding* w = l.find("source-secret", "data.RESTIC_REPOSITORY_BASE");
  ASSERT_NE(w, nullptr) << l.all();
  EXPECT_EQ(w->severity, Severity::kWarning);
  EXPECT_EQ(w->message, "RESTIC_REPOSITORY_BASE is ignored: the s3 repository block sets the location");
  EXPECT_EQ(l.creds.repository_base, "");
  // The block's region becomes AWS_DEFAULT_REGION unless the Secret sets it.
  bool region = false;
  for (const auto& [k, v] : l.creds.values)
    if (k == "AWS_DEFAULT_REGION") region = v == "eu-central-1";
  EXPECT_TRUE(region);
  auto own = load_one(std::string(kS3Keys) + ", AWS_DEFAULT_REGION: us-west-2", s3, config(""));
  for (const auto& [k, v] : own.creds.values) {
    if (k == "AWS_DEFAULT_REGION") {
      EXPECT_EQ(v, "us-west-2");
    }
  }

  // Missing keys of a structured backend are errors that name it.
  auto missing = load_one("RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: id", s3, config(""));
  EXPECT_FALSE(missing.ok);
  const Finding* m = missing.find("secret-backend-keys", "data.AWS_SECRET_ACCESS_KEY");
  ASSERT_NE(m, nullptr) << missing.all();
  EXPECT_EQ(m->severity, Severity::kError);
  EXPECT_EQ(m->message, "the s3 backend needs AWS_SECRET_ACCESS_KEY in the source Secret");

  // Azure: the account name and one of key or SAS.
  Repository azure = url_repo("");
  azure.backend = B::kAzure;
  auto neither = load_one("RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n", azure, config(""));
  EXPECT_FALSE(neither.ok);
  const Finding* a = neither.find("secret-backend-keys", "data.AZURE_ACCOUNT_KEY");
  ASSERT_NE(a, nullptr) << neither.all();
  EXPECT_EQ(a->message, "the backend needs AZURE_ACCOUNT_KEY or AZURE_ACCOUNT_SAS in the source Secret");
  auto sas = load_one("RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n, AZURE_ACCOUNT_SAS: s", azure, config(""));
  EXPECT_TRUE(sas.ok) << sas.all();
  // An empty value is no key, in a one-of group as in all_of: restic would fail to authenticate.
  auto empty = load_one("RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n, AZURE_ACCOUNT_KEY: ''", azure, config(""));
  EXPECT_FALSE(empty.ok) << empty.all();
  EXPECT_NE(empty.find("secret-backend-keys", "data.AZURE_ACCOUNT_KEY"), nullptr) << empty.all();
  auto empty_and_sas =
      load_one("RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n, AZURE_ACCOUNT_KEY: '', AZURE_ACCOUNT_SAS: s", azure,
               config(""));
  EXPECT_TRUE(empty_and_sas.ok) << empty_and_sas.all();
}

TEST(Credentials, GoogleCredentialsMustBeTheJsonKey) {
  struct Case {
    const char* value;
    bool ok;
  };
  const Case cases[] = {{"'{\"type\": \"service_account\"}'", true},
                        {"'  {\"type\": 1}'", true},
                        {"/var/run/key.json", false},
                        {"''", false}};
  Repository gcs = url_repo("");
  gcs.backend = Repository::Backend::kGcs;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    auto l = load_one(std::string("RESTIC_PASSWORD: pw, GOOGLE_PROJECT_ID: p, GOOGLE_APPLICATION_CREDENTIALS: ") +
                          c.value,
                      gcs, config(""));
    const Finding* f = l.find("source-secret", "data.GOOGLE_APPLICATION_CREDENTIALS");
    EXPECT_EQ(f == nullptr, c.ok) << l.all();
  }
  // Only for Google repositories: elsewhere the key is just passed on.
  auto s3 = load_one(std::string(kS3Keys) + ", GOOGLE_APPLICATION_CREDENTIALS: /path");
  EXPECT_TRUE(s3.ok) << s3.all();
  // A gs: URL repository is a Google one.
  auto gs = load_one("RESTIC_PASSWORD: pw, GOOGLE_PROJECT_ID: p, GOOGLE_APPLICATION_CREDENTIALS: /path",
                     url_repo("gs:bucket:/"), config("gs:bucket:/"));
  EXPECT_NE(gs.find("source-secret", "data.GOOGLE_APPLICATION_CREDENTIALS"), nullptr) << gs.all();
}

TEST(Credentials, SecretDataEncodesEveryKeyAndSetsTheRepository) {
  SourceCredentials c;
  c.values = {{"RESTIC_PASSWORD", "pw"}, {"RESTIC_REPOSITORY", "shared"}, {"AWS_ACCESS_KEY_ID", "id"}};
  Doc d = secret_data(c, "s3:host/b/ns/pvc");
  ASSERT_TRUE(d.IsMap());
  ASSERT_EQ(d.size(), 3u);
  // Sorted by key; values base64, typed as strings.
  EXPECT_EQ(d.entries()[0].first.Scalar(), "AWS_ACCESS_KEY_ID");
  EXPECT_EQ(d.entries()[1].first.Scalar(), "RESTIC_PASSWORD");
  EXPECT_EQ(d.entries()[2].first.Scalar(), "RESTIC_REPOSITORY");
  EXPECT_EQ(base64_decode(d["RESTIC_PASSWORD"].Scalar()), std::optional<std::string>("pw"));
  EXPECT_EQ(base64_decode(d["RESTIC_REPOSITORY"].Scalar()), std::optional<std::string>("s3:host/b/ns/pvc"));
  EXPECT_EQ(base64_decode(d["AWS_ACCESS_KEY_ID"].Scalar()), std::optional<std::string>("id"));
  EXPECT_EQ(c.values[1].second, "shared") << "the source values are not modified";
  Doc only = secret_data(SourceCredentials{}, "r");
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only["RESTIC_REPOSITORY"].Scalar(), base64_encode("r"));
}

}  // namespace
}  // namespace vg
