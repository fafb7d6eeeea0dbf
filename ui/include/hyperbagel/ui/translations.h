#pragma once
// Installing the user-interface language. The .qm files are compiled from translations/*.ts and
// embedded in the hb_ui library as resources under ":/i18n" (hyperbagel_<code>.qm).
// Thread affinity: GUI thread, after the QApplication exists and before widgets are created.

#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QCoreApplication;
QT_END_NAMESPACE

namespace hb::ui {

/// Where the embedded .qm files live.
inline const char* const kTranslationsResourceDir = ":/i18n";

/// Language codes with an embedded translation, e.g. {"de", "ja", "zh_CN"}. English is the
/// source language and needs none.
QStringList availableLanguages();

/// Installs the translator for `code` ("de", "ja", "zh_CN", "en"; empty = the system locale) and, when
/// the system has it, Qt's own translation of standard dialogs. Also makes the language's locale the
/// default, so numbers and sizes are formatted to match.
/// Returns the code in effect: the loaded translation's code, or "en" when none applies.
/// Fails (returns an empty string) only for an explicit code that has no translation.
QString installTranslations(QCoreApplication& app, const QString& code);

} // namespace hb::ui
