#include "config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "collector/seed_leads.hpp"

namespace magnete::collector {
namespace {

/// parse_config on "magnete-collector ARGS...".
ConfigResult parse(std::initializer_list<const char*> args, const char* env_token = nullptr) {
  std::vector<const char*> argv = {"magnete-collector"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_config(static_cast<int>(argv.size()), argv.data(), env_token);
}

/// All errors on one line each, for failure messages and substring checks.
std::string joined(const ConfigResult& result) {
  std::string out;
  for (const auto& e : result.errors) out += e + "\n";
  return out;
}

bool mentions(const ConfigResult& result, const std::string& text) {
  return joined(result).find(text) != std::string::npos;
}

class CollectorConfigFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = magnete::testing::unique_temp_dir("magnete-config"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST(CollectorConfig, DefaultsWithoutFlags) {
  ConfigResult result = parse({});
  ASSERT_TRUE(result.config.has_value()) << joined(result);
  EXPECT_FALSE(result.help);
  const Config& c = *result.config;
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.data_dir, "data");
  EXPECT_EQ(c.campaigns_dir, "demo/campaigns");
  EXPECT_EQ(c.static_dir, "demo");
  EXPECT_EQ(c.web_dir, "web/dist");
  EXPECT_EQ(c.forms_dir, "build/forms");
  EXPECT_EQ(c.token, "");
  EXPECT_TRUE(c.allowed_origins.empty());
  EXPECT_EQ(c.max_body_bytes, 64u * 1024u);
}

TEST(CollectorConfig, EveryFlagIsParsed) {
  ConfigResult result = parse({"--port",
                               "9090",
                               "--bind",
                               "0.0.0.0",
                               "--data",
                               "/var/lib/magnete",
                               "--campaigns",
                               "/etc/magnete/campaigns",
                               "--static",
                               "site",
                               "--web",
                               "bundle",
                               "--forms",
                               "prerendered",
                               "--token",
                               "a-token-of-24-characters",
                               "--allowed-origin",
                               "https://a.example",
                               "--allowed-origin",
                               "https://b.example"});
  ASSERT_TRUE(result.config.has_value()) << joined(result);
  const Config& c = *result.config;
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.data_dir, "/var/lib/magnete");
  EXPECT_EQ(c.campaigns_dir, "/etc/magnete/campaigns");
  EXPECT_EQ(c.static_dir, "site");
  EXPECT_EQ(c.web_dir, "bundle");
  EXPECT_EQ(c.forms_dir, "prerendered");
  EXPECT_EQ(c.token, "a-token-of-24-characters");
  EXPECT_EQ(c.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(CollectorConfig, PortBoundsAreOneAnd65535) {
  EXPECT_EQ(parse({"--port", "1"}).config->port, 1);
  EXPECT_EQ(parse({"--port", "65535"}).config->port, 65535);
}

TEST(CollectorConfig, BadPortIsAnErrorNamingTheFlagAndValue) {
  for (const char* port : {"0", "65536", "99999", "-1", "80a", "http", "", " 80", "123456"}) {
    ConfigResult result = parse({"--port", port});
    EXPECT_FALSE(result.config.has_value()) << port;
    ASSERT_EQ(result.errors.size(), 1u) << port << ": " << joined(result);
    EXPECT_EQ(result.errors[0].rfind("--port: ", 0), 0u) << result.errors[0];
    EXPECT_NE(result.errors[0].find("'" + std::string(port) + "'"), std::string::npos)
        << result.errors[0];
  }
}

TEST(CollectorConfig, UnknownFlagIsAnErrorNamingIt) {
  ConfigResult result = parse({"--prot", "8081"});
  EXPECT_FALSE(result.config.has_value());
  EXPECT_TRUE(mentions(result, "--prot")) << joined(result);
  ConfigResult positional = parse({"serve"});
  EXPECT_FALSE(positional.config.has_value());
  EXPECT_TRUE(mentions(positional, "serve")) << joined(positional);
}

TEST(CollectorConfig, MissingValueIsAnErrorNamingTheFlag) {
  for (const char* flag :
       {"--port", "--bind", "--data", "--campaigns", "--static", "--web", "--forms", "--token",
        "--allowed-origin", "--config", "--trust-proxy", "--daily-quota"}) {
    ConfigResult result = parse({"--bind", "127.0.0.1", flag});
    EXPECT_FALSE(result.config.has_value()) << flag;
    EXPECT_TRUE(mentions(result, std::string(flag) + ": expected a value")) << joined(result);
  }
}

TEST(CollectorConfig, EveryErrorIsReportedNotJustTheFirst) {
  ConfigResult result = parse({"--port", "0", "--verbose", "--bind", "::1"});
  EXPECT_FALSE(result.config.has_value());
  EXPECT_TRUE(mentions(result, "--port")) << joined(result);
  EXPECT_TRUE(mentions(result, "--verbose")) << joined(result);
}

TEST(CollectorConfig, HelpWins) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"--port", "80", "-h"}).help);
}

TEST(CollectorConfig, TheUsageExplainsEveryFlag) {
  const std::string usage = kCollectorUsage;
  for (const char* flag :
       {"--port", "--bind", "--data", "--campaigns", "--static", "--web", "--forms", "--token",
        "--allowed-origin", "--rate-limit", "--min-submit-ms", "--trust-proxy", "--daily-quota",
        "--demo", "--config"}) {
    EXPECT_TRUE(usage.find(std::string("[") + flag + " ") != std::string::npos ||
                usage.find(std::string("[") + flag + "]") != std::string::npos)
        << flag << " not in the synopsis";
    EXPECT_NE(usage.find(std::string("\n  ") + flag + " "), std::string::npos)
        << flag << " not explained";
  }
}

TEST(CollectorConfig, TokenComesFromTheEnvironmentUnlessAFlagGivesOne) {
  EXPECT_EQ(parse({}, "from-env-0123456789").config->token, "from-env-0123456789");
  EXPECT_EQ(parse({"--token", "from-flag-0123456789"}, "from-env-0123456789").config->token,
            "from-flag-0123456789");
  EXPECT_EQ(parse({}, "").config->token, "");
}

// The token guards every lead's personal data: a short one is refused at start, naming where
// it came from, unless the collector runs the demo (make demo passes --demo).
TEST(CollectorConfig, ATokenShorterThanSixteenCharactersIsForTheDemoOnly) {
  ConfigResult flag = parse({"--token", "demo-token"});
  EXPECT_FALSE(flag.config.has_value());
  EXPECT_EQ(joined(flag),
            "--token: expected a token of at least 16 characters, got 10 (a short token is for "
            "the demo only: --demo)\n");
  ConfigResult env = parse({}, "demo-token");
  EXPECT_FALSE(env.config.has_value());
  EXPECT_TRUE(mentions(env, "MAGNETE_TOKEN: expected a token of at least 16")) << joined(env);
  ConfigResult demo = parse({"--demo"}, "demo-token");
  ASSERT_TRUE(demo.config.has_value()) << joined(demo);
  EXPECT_TRUE(demo.config->demo);
  EXPECT_EQ(demo.config->token, "demo-token");
  EXPECT_TRUE(parse({"--token", "0123456789abcdef"}).config.has_value());
  // No token: the export is off (403), nothing to guess.
  EXPECT_TRUE(parse({}).config.has_value());
}

TEST(CollectorConfig, TrustedProxiesAndTheDailyQuota) {
  ConfigResult result =
      parse({"--trust-proxy", "10.0.0.0/8", "--trust-proxy", "::1", "--daily-quota", "500"});
  ASSERT_TRUE(result.config.has_value()) << joined(result);
  EXPECT_EQ(result.config->trusted_proxies.size(), 2u);
  EXPECT_EQ(result.config->daily_quota, 500);
  EXPECT_EQ(parse({}).config->daily_quota, 10'000);
  EXPECT_EQ(parse({"--daily-quota", "0"}).config->daily_quota, 0);
  ConfigResult bad = parse({"--trust-proxy", "10.0.0.1/8", "--daily-quota", "many"});
  EXPECT_FALSE(bad.config.has_value());
  EXPECT_TRUE(mentions(bad, "--trust-proxy: expected an IPv4 or IPv6 address or range"))
      << joined(bad);
  EXPECT_TRUE(mentions(bad, "got '10.0.0.1/8'")) << joined(bad);
  EXPECT_TRUE(mentions(bad, "--daily-quota: expected a whole number")) << joined(bad);
}

TEST_F(CollectorConfigFile, TrustProxyDailyQuotaAndDemoAreSettingsToo) {
  std::string path = write("proxy.json", R"({"trust_proxy": ["192.168.0.0/16", "fd00::/8"],
                                             "daily_quota": 25, "demo": true, "token": "short"})");
  ConfigResult result = parse({"--config", path.c_str()});
  ASSERT_TRUE(result.config.has_value()) << joined(result);
  EXPECT_EQ(result.config->trusted_proxies.size(), 2u);
  EXPECT_EQ(result.config->daily_quota, 25);
  EXPECT_TRUE(result.config->demo);
  std::string bad = write("bad-proxy.json", R"({"trust_proxy": "10.0.0.0/8", "demo": "yes"})");
  ConfigResult refused = parse({"--config", bad.c_str()});
  EXPECT_TRUE(mentions(refused, bad + ": trust_proxy: expected an array")) << joined(refused);
  EXPECT_TRUE(mentions(refused, bad + ": demo: expected true or false")) << joined(refused);
  std::string short_token = write("short.json", R"({"token": "short"})");
  EXPECT_TRUE(mentions(parse({"--config", short_token.c_str()}),
                       short_token + ": token: expected a token of at least 16"));
}

TEST_F(CollectorConfigFile, FileValuesApplyAndFlagsOverrideThem) {
  std::string path = write("collector.json", R"({
    "port": 9000, "bind": "0.0.0.0", "data": "/srv/data", "campaigns": "/srv/campaigns",
    "static": "/srv/site", "web": "/srv/dist", "forms": "/srv/forms", "token": "from-file-0123456789",
    "allowed_origins": ["https://shop.example"]
  })");
  ConfigResult from_file = parse({"--config", path.c_str()}, "from-env-0123456789");
  ASSERT_TRUE(from_file.config.has_value()) << joined(from_file);
  const Config& f = *from_file.config;
  EXPECT_EQ(f.port, 9000);
  EXPECT_EQ(f.bind, "0.0.0.0");
  EXPECT_EQ(f.data_dir, "/srv/data");
  EXPECT_EQ(f.campaigns_dir, "/srv/campaigns");
  EXPECT_EQ(f.static_dir, "/srv/site");
  EXPECT_EQ(f.web_dir, "/srv/dist");
  EXPECT_EQ(f.forms_dir, "/srv/forms");
  EXPECT_EQ(f.token, "from-file-0123456789");
  EXPECT_EQ(f.allowed_origins, std::vector<std::string>{"https://shop.example"});

  // Flags win whether they come before or after --config.
  ConfigResult overridden =
      parse({"--port", "9001", "--config", path.c_str(), "--token", "from-flag-0123456789",
             "--allowed-origin", "https://blog.example"});
  ASSERT_TRUE(overridden.config.has_value()) << joined(overridden);
  const Config& o = *overridden.config;
  EXPECT_EQ(o.port, 9001);
  EXPECT_EQ(o.token, "from-flag-0123456789");
  EXPECT_EQ(o.bind, "0.0.0.0");
  EXPECT_EQ(o.allowed_origins,
            (std::vector<std::string>{"https://shop.example", "https://blog.example"}));
}

TEST_F(CollectorConfigFile, BadFileValuesAreErrorsNamingFileAndSetting) {
  std::string path = write("bad.json", R"({"port": "8080", "tokne": "x", "bind": 1,
                                           "allowed_origins": "https://a.example"})");
  ConfigResult result = parse({"--config", path.c_str()});
  EXPECT_FALSE(result.config.has_value());
  EXPECT_TRUE(mentions(result, path + ": port: expected an integer")) << joined(result);
  EXPECT_TRUE(mentions(result, path + ": tokne: unknown setting")) << joined(result);
  EXPECT_TRUE(mentions(result, path + ": bind: expected a string")) << joined(result);
  EXPECT_TRUE(mentions(result, path + ": allowed_origins: expected an array")) << joined(result);

  for (const char* port : {"0", "70000", "-5", "80.5"}) {
    std::string p = write("port.json", std::string("{\"port\": ") + port + "}");
    EXPECT_FALSE(parse({"--config", p.c_str()}).config.has_value()) << port;
  }
}

TEST_F(CollectorConfigFile, UnreadableOrInvalidFileIsAnError) {
  std::string missing = (dir_ / "missing.json").string();
  ConfigResult absent = parse({"--config", missing.c_str()});
  EXPECT_FALSE(absent.config.has_value());
  EXPECT_TRUE(mentions(absent, "--config: cannot read " + missing)) << joined(absent);

  std::string broken = write("broken.json", "{\n  \"port\": 8080,\n}");
  ConfigResult syntax = parse({"--config", broken.c_str()});
  EXPECT_FALSE(syntax.config.has_value());
  EXPECT_TRUE(mentions(syntax, broken + ": line ")) << joined(syntax);

  std::string array = write("array.json", "[8080]");
  ConfigResult not_object = parse({"--config", array.c_str()});
  EXPECT_FALSE(not_object.config.has_value());
  EXPECT_TRUE(mentions(not_object, array + ": expected a JSON object")) << joined(not_object);
}

}  // namespace
}  // namespace magnete::collector
