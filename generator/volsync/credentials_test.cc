#include "volsync/credentials.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "krm/base64.h"
#include "support/test_util.h"
#include "support/volsync_util.h"

namespace vg {
namespace {

using vg::test::load;

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

using Loaded = vg::test::LoadedCredentials;

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

// Every way a required key can be there without a value: empty or blank, in stringData or data,
// in an all-of list or a one-of group. Each is an error of a structured backend, at the key.
TEST(Credentials, EmptyValuesNeverSatisfyRequiredKeys) {
  using B = Repository::Backend;
  Repository s3 = url_repo("");
  s3.backend = B::kS3;
  s3.bucket = "b";
  Repository azure = url_repo("");
  azure.backend = B::kAzure;
  struct Case {
    const char* name;
    const Repository& repo;
    std::string kv;
    const char* field;
  };
  const Case cases[] = {
      {"all-of empty", s3, "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: ''",
       "data.AWS_SECRET_ACCESS_KEY"},
      {"all-of blank", s3, "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: ' ', AWS_SECRET_ACCESS_KEY: k",
       "data.AWS_ACCESS_KEY_ID"},
      {"all-of blank lines", s3, "RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: \"\\n\\t\", AWS_SECRET_ACCESS_KEY: k",
       "data.AWS_ACCESS_KEY_ID"},
      {"all-of of azure empty", azure, "RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: '', AZURE_ACCOUNT_SAS: s",
       "data.AZURE_ACCOUNT_NAME"},
      {"one-of blank", azure, "RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n, AZURE_ACCOUNT_KEY: '  '",
       "data.AZURE_ACCOUNT_KEY"},
      {"one-of both empty", azure,
       "RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n, AZURE_ACCOUNT_KEY: '', AZURE_ACCOUNT_SAS: ' '",
       "data.AZURE_ACCOUNT_KEY"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto l = load_one(c.kv, c.repo, config(""));
    EXPECT_FALSE(l.ok) << l.all();
    const Finding* f = l.find("secret-backend-keys", c.field);
    ASSERT_NE(f, nullptr) << l.all();
    EXPECT_EQ(f->severity, Severity::kError);
    EXPECT_NE(f->message.find("(its value is empty)"), std::string::npos) << f->message;
  }
  // The same through data (base64 of nothing).
  std::vector<InputObject> items;
  items.push_back(InputObject(load("apiVersion: v1\nkind: Secret\nmetadata: {name: restic}\n"
                                   "stringData: {RESTIC_PASSWORD: pw, AZURE_ACCOUNT_NAME: n}\n"
                                   "data: {AZURE_ACCOUNT_KEY: ''}\n"),
                              "in.yaml", 1));
  auto d = load_creds(items, azure, config(""));
  EXPECT_FALSE(d.ok) << d.all();
  EXPECT_NE(d.find("secret-backend-keys", "data.AZURE_ACCOUNT_KEY"), nullptr) << d.all();
}

// Every source key is copied into each generated Secret: one the API server refuses is an error at
// the source Secret's key, not a silent drop nor a refused apply later.
TEST(Credentials, InvalidSecretKeysAreErrorsAtTheKey) {
  const std::string long_key(254, 'K');
  struct Case {
    const char* name;
    std::string data;  // data body (base64 values), besides stringData's valid keys
    std::string string_data_extra;
    std::string field;
    const char* message;
  };
  const Case cases[] = {
      {"stringData", "", ", 'bad key!': x", "stringData.bad key!", "a valid config key must consist of"},
      {"data", "'a/b': " + base64_encode("x"), "", "data.a/b", "a valid config key must consist of"},
      {"dot-dot", "", ", '..x': y", "stringData...x", "must not start with '..'"},
      {"too long", "", ", " + long_key + ": y", "stringData." + long_key, "must be no more than 253 characters"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<InputObject> items;
    items.push_back(InputObject(load("apiVersion: v1\nkind: Secret\nmetadata: {name: restic}\ndata: {" + c.data +
                                     "}\nstringData: {" + kS3Keys + c.string_data_extra + "}\n"),
                                "in.yaml", 1));
    auto l = load_creds(items, url_repo(), config());
    EXPECT_FALSE(l.ok) << l.all();
    const Finding* f = l.find("source-secret", c.field);
    ASSERT_NE(f, nullptr) << l.all();
    EXPECT_EQ(f->severity, Severity::kError);
    EXPECT_NE(f->message.find(c.message), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("the API server would refuse the Secrets generated from it"), std::string::npos);
    // Reported once, as invalid: not also as a key VolSync ignores.
    EXPECT_EQ(l.find("secret-key-ignored", c.field), nullptr) << l.all();
  }
  auto ok = load_one(std::string(kS3Keys) + ", key.name: a, key-name: b, KEY_NAME: c");
  EXPECT_EQ(ok.find("source-secret", "stringData.key.name"), nullptr) << ok.all();
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

// Mode externalSecret: ESO fails on a template key its store item lacks, so with properties the
// template reads exactly the mapped keys, and every key the backend needs must be mapped.
TEST(Credentials, ExternalSecretKeysAreTheMappedOnes) {
  Repository azure = url_repo("");
  azure.backend = Repository::Backend::kAzure;
  azure.credentials.mode = Credentials::Mode::kExternalSecret;
  using V = std::vector<std::string>;
  EXPECT_EQ(external_secret_keys(azure, ""), (V{"RESTIC_PASSWORD", "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY"}))
      << "without properties the whole item is extracted: the backend's keys";
  azure.credentials.properties = {{"AZURE_ACCOUNT_SAS", "sas"}, {"RESTIC_PASSWORD", "pw"},
                                  {"AZURE_ACCOUNT_NAME", "account"}, {"EXTRA", "x"}};
  EXPECT_EQ(external_secret_keys(azure, ""), (V{"RESTIC_PASSWORD", "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_SAS", "EXTRA"}))
      << "the SAS stands for the group, and the unmapped AZURE_ACCOUNT_KEY is not read";
}

TEST(Credentials, ExternalSecretPropertiesMustMapTheRequiredKeys) {
  struct Case {
    const char* name;
    Repository::Backend backend;
    std::vector<std::pair<std::string, std::string>> properties;
    std::vector<std::string> messages;  // one finding each
    Severity severity = Severity::kError;
  };
  using B = Repository::Backend;
  const Case cases[] = {
      {"complete s3", B::kS3, {{"RESTIC_PASSWORD", "p"}, {"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "s"}}, {}},
      {"s3 without the secret key", B::kS3, {{"RESTIC_PASSWORD", "p"}, {"AWS_ACCESS_KEY_ID", "a"}},
       {"properties map no AWS_SECRET_ACCESS_KEY, which the Secret of the repository needs"}},
      {"no password", B::kB2, {{"B2_ACCOUNT_ID", "i"}, {"B2_ACCOUNT_KEY", "k"}},
       {"properties map no RESTIC_PASSWORD, which the Secret of the repository needs"}},
      {"azure with a SAS", B::kAzure, {{"RESTIC_PASSWORD", "p"}, {"AZURE_ACCOUNT_NAME", "n"}, {"AZURE_ACCOUNT_SAS", "s"}},
       {}},
      {"azure with neither key nor SAS", B::kAzure, {{"RESTIC_PASSWORD", "p"}, {"AZURE_ACCOUNT_NAME", "n"}},
       {"properties map no AZURE_ACCOUNT_KEY or AZURE_ACCOUNT_SAS, which the Secret of the repository needs"}},
      {"url repository: a warning", B::kUrl, {{"RESTIC_PASSWORD", "p"}},
       {"properties map no AWS_ACCESS_KEY_ID, which the Secret of the repository needs",
        "properties map no AWS_SECRET_ACCESS_KEY, which the Secret of the repository needs"},
       Severity::kWarning},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Config cfg = config("");
    cfg.credentials.mode = Credentials::Mode::kExternalSecret;
    cfg.credentials.properties = c.properties;
    Repository r = url_repo(c.backend == B::kUrl ? "s3:host/bucket" : "");
    r.backend = c.backend;
    r.credentials = cfg.credentials;
    r.origin = cfg.origin;
    cfg.repositories = {r};
    Findings f;
    check_external_secret_properties(cfg, 0, f);
    ASSERT_EQ(f.size(), c.messages.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(f[i].message, c.messages[i]);
      EXPECT_EQ(f[i].rule, "secret-backend-keys");
      EXPECT_EQ(f[i].severity, c.severity);
      EXPECT_EQ(f[i].field, "spec.credentials.externalSecret.properties");
      EXPECT_EQ(f[i].line, 2);
    }
  }
}

}  // namespace
}  // namespace vg
