#include "krm/redact.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(RedactUrlCredentials, Cases) {
  struct {
    std::string_view in;
    const char* out;
  } cases[] = {
      {"", ""},
      {"s3:https://minio.example.com/restic", "s3:https://minio.example.com/restic"},
      {"s3:https://user:password@host:9000/bucket", "s3:https://***@host:9000/bucket"},
      {"rest:https://user@host/", "rest:https://***@host/"},
      {"https://u:p@h", "https://***@h"},
      // A password holding an '@' (not percent-encoded): everything up to the last '@' goes.
      {"s3:https://u:p@ss@host/b", "s3:https://***@host/b"},
      {"s3:https://u:p%40ss@host/b", "s3:https://***@host/b"},
      // Quoted in a message, twice.
      {"\"https://u:p@h/x\" is a URL without a restic scheme; for S3 write s3:https://u:p@h/x",
       "\"https://***@h/x\" is a URL without a restic scheme; for S3 write s3:https://***@h/x"},
      // An '@' in the path or after the URL is not user-info.
      {"https://host/a@b", "https://host/a@b"},
      {"https://host mail me@example.com", "https://host mail me@example.com"},
      {"sftp:user@host:/srv/restic", "sftp:user@host:/srv/restic"},
      {"://@host", "://@host"},
      {"a://x@y b://c:d@e", "a://***@y b://***@e"},
  };
  for (const auto& c : cases) EXPECT_EQ(redact_url_credentials(c.in), c.out) << c.in;
}

TEST(RedactSecretValues, OnlySecretDataValues) {
  const std::string in =
      "kind: ConfigMap\ndata:\n  keep: me\n---\napiVersion: v1\nkind: Secret\ndata:\n  A: c2VjcmV0\n"
      "stringData:\n  B: |\n    multi\n    line\n  C: plain\ntype: Opaque\n";
  std::string hidden;
  const std::string out = redact_secret_values(in, &hidden);
  EXPECT_EQ(out,
            "kind: ConfigMap\ndata:\n  keep: me\n---\napiVersion: v1\nkind: Secret\ndata:\n  A: (redacted)\n"
            "stringData:\n  B: (redacted)\n  C: (redacted)\ntype: Opaque\n");
  EXPECT_NE(hidden.find("c2VjcmV0"), std::string::npos);
  EXPECT_NE(hidden.find("multi"), std::string::npos);
}

TEST(RedactSecretValues, FlowStyleQuotedKindAndUrls) {
  const std::string in =
      "kind: \"Secret\"  # hand-edited\ndata: {A: c2VjcmV0}\nstringData:\n    deep: x\n---\n"
      "kind: ConfigMap\ndata:\n  repo: s3:https://key:pw@host/b\n";
  std::string hidden;
  const std::string out = redact_secret_values(in, &hidden);
  EXPECT_EQ(out,
            "kind: \"Secret\"  # hand-edited\ndata: (redacted)\nstringData:\n---\n"
            "kind: ConfigMap\ndata:\n  repo: s3:https://***@host/b\n");
  EXPECT_NE(hidden.find("c2VjcmV0"), std::string::npos);
  EXPECT_NE(hidden.find("deep: x"), std::string::npos);
}

}  // namespace
}  // namespace vg
