#pragma once
// A small command-line parser for hyperbagel-cli subcommands: "--name value", "--name=value",
// boolean switches and positional arguments, with generated help text.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hb::cli {

class ArgParser {
public:
    ArgParser(std::string command, std::string summary);

    /// An option taking a value. `metavar` names the value in help ("DIR").
    void addOption(const std::string& name, const std::string& metavar, const std::string& help,
                   std::optional<std::string> defaultValue = std::nullopt);
    /// A switch without a value.
    void addFlag(const std::string& name, const std::string& help);
    /// A required positional argument.
    void addPositional(const std::string& metavar, const std::string& help);

    /// Parses args (without the program and command names). On failure returns false and sets error().
    bool parse(const std::vector<std::string>& args);
    /// parse() for a command's entry point: on a usage error prints it and the help to stderr and
    /// returns 2; on --help prints the help to stdout and returns 0; otherwise returns nullopt (go on).
    std::optional<int> parseOrExit(const std::vector<std::string>& args);
    const std::string& error() const { return m_error; }
    std::string help() const;

    bool flag(const std::string& name) const;
    bool has(const std::string& name) const;
    /// The option's value, or its default, or "" when neither exists.
    std::string value(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return m_positionalValues; }
    bool helpRequested() const { return m_helpRequested; }

private:
    struct Option {
        std::string metavar;
        std::string help;
        std::optional<std::string> defaultValue;
        bool isFlag = false;
    };
    std::string m_command;
    std::string m_summary;
    std::map<std::string, Option> m_options;
    std::vector<std::string> m_optionOrder;
    std::vector<std::pair<std::string, std::string>> m_positionals;
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positionalValues;
    std::string m_error;
    bool m_helpRequested = false;
};

} // namespace hb::cli
