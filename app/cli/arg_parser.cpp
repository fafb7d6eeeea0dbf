#include "arg_parser.h"

#include <iostream>
#include <sstream>

namespace hb::cli {

ArgParser::ArgParser(std::string command, std::string summary)
    : m_command(std::move(command)), m_summary(std::move(summary)) {}

void ArgParser::addOption(const std::string& name, const std::string& metavar, const std::string& help,
                          std::optional<std::string> defaultValue) {
    m_options[name] = Option{metavar, help, std::move(defaultValue), false};
    m_optionOrder.push_back(name);
}

void ArgParser::addFlag(const std::string& name, const std::string& help) {
    m_options[name] = Option{"", help, std::nullopt, true};
    m_optionOrder.push_back(name);
}

void ArgParser::addPositional(const std::string& metavar, const std::string& help) {
    m_positionals.emplace_back(metavar, help);
}

bool ArgParser::parse(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-h" || arg == "--help") {
            m_helpRequested = true;
            return true;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            m_positionalValues.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const auto it = m_options.find(name);
        if (it == m_options.end()) {
            m_error = "unknown option --" + name;
            return false;
        }
        if (it->second.isFlag) {
            if (inlineValue) {
                m_error = "--" + name + " takes no value";
                return false;
            }
            m_values[name] = "1";
        } else if (inlineValue) {
            m_values[name] = *inlineValue;
        } else if (i + 1 < args.size()) {
            m_values[name] = args[++i];
        } else {
            m_error = "--" + name + " needs a value (" + it->second.metavar + ")";
            return false;
        }
    }
    if (m_positionalValues.size() < m_positionals.size()) {
        m_error = "missing argument " + m_positionals[m_positionalValues.size()].first;
        return false;
    }
    if (m_positionalValues.size() > m_positionals.size()) {
        m_error = "unexpected argument \"" + m_positionalValues[m_positionals.size()] + "\"";
        return false;
    }
    return true;
}

std::optional<int> ArgParser::parseOrExit(const std::vector<std::string>& args) {
    if (!parse(args)) {
        std::cerr << m_command << ": " << m_error << "\n\n" << help();
        return 2;
    }
    if (m_helpRequested) {
        std::cout << help();
        return 0;
    }
    return std::nullopt;
}

std::string ArgParser::help() const {
    std::ostringstream s;
    s << "usage: hyperbagel-cli " << m_command;
    for (const auto& [metavar, help] : m_positionals) {
        s << " " << metavar;
    }
    s << (m_options.empty() ? "" : " [options]") << "\n\n" << m_summary << "\n";
    if (!m_positionals.empty()) {
        s << "\narguments:\n";
        for (const auto& [metavar, help] : m_positionals) {
            s << "  " << metavar << std::string(metavar.size() < 22 ? 22 - metavar.size() : 1, ' ') << help
              << "\n";
        }
    }
    s << "\noptions:\n";
    for (const std::string& name : m_optionOrder) {
        const Option& o = m_options.at(name);
        std::string left = "--" + name + (o.isFlag ? "" : " " + o.metavar);
        s << "  " << left << std::string(left.size() < 22 ? 22 - left.size() : 1, ' ') << o.help;
        if (o.defaultValue) {
            s << " (default: " << *o.defaultValue << ")";
        }
        s << "\n";
    }
    s << "  -h, --help            show this help\n";
    return s.str();
}

bool ArgParser::flag(const std::string& name) const { return m_values.count(name) != 0; }

bool ArgParser::has(const std::string& name) const { return m_values.count(name) != 0; }

std::string ArgParser::value(const std::string& name) const {
    if (const auto it = m_values.find(name); it != m_values.end()) {
        return it->second;
    }
    const auto opt = m_options.find(name);
    return opt != m_options.end() && opt->second.defaultValue ? *opt->second.defaultValue : std::string();
}

} // namespace hb::cli
