#include "hyperbagel/ui/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hb::ui {
namespace {

const QString kPrefix = QStringLiteral("hyperbagel_");

QString resourceDir() { return QString::fromLatin1(kTranslationsResourceDir); }

// Qt's own strings (standard buttons, file dialogs); optional, so failure is silent.
void installQtTranslation(QCoreApplication& app, const QLocale& locale) {
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
}

} // namespace

QStringList availableLanguages() {
    QStringList codes;
    const QStringList files = QDir(resourceDir()).entryList({kPrefix + QStringLiteral("*.qm")}, QDir::Files);
    for (const QString& file : files) {
        codes << file.mid(kPrefix.size()).chopped(3); // "hyperbagel_zh_CN.qm" -> "zh_CN"
    }
    codes.sort();
    return codes;
}

QString installTranslations(QCoreApplication& app, const QString& code) {
    const bool english = code.compare(QStringLiteral("en"), Qt::CaseInsensitive) == 0 ||
                         code.startsWith(QStringLiteral("en_"), Qt::CaseInsensitive);
    if (english) {
        QLocale::setDefault(QLocale(code));
        return QStringLiteral("en");
    }
    if (!code.isEmpty() && !availableLanguages().contains(code)) {
        return {};
    }
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    auto* translator = new QTranslator(&app);
    // QTranslator::load(QLocale, ...) tries each of the locale's UI languages in turn
    // (e.g. "de_AT" -> "de"), so a regional system locale still finds its translation.
    if (!translator->load(locale, QStringLiteral("hyperbagel"), QStringLiteral("_"), resourceDir())) {
        delete translator;
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(translator);
    installQtTranslation(app, locale);
    QLocale::setDefault(locale);
    if (!code.isEmpty()) {
        return code;
    }
    return translator->language().replace(QLatin1Char('-'), QLatin1Char('_')); // e.g. "de_DE"
}

} // namespace hb::ui
