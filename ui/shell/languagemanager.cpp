#include "languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {

const auto settingsKey = QStringLiteral("ui/language");
const auto resourceDir = QStringLiteral(":/flightdeck/translations");
LanguageManager::Language g_active = LanguageManager::Language::English;

} // namespace

LanguageManager::LanguageManager() = default;

LanguageManager::~LanguageManager()
{
    uninstall();
}

QList<LanguageManager::Language> LanguageManager::available()
{
    return { Language::English, Language::SimplifiedChinese };
}

QString LanguageManager::code(Language language)
{
    return language == Language::SimplifiedChinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString LanguageManager::nativeName(Language language)
{
    return language == Language::SimplifiedChinese ? QStringLiteral("简体中文") : QStringLiteral("English");
}

std::optional<LanguageManager::Language> LanguageManager::fromCode(const QString &code)
{
    for (auto language : available()) {
        if (LanguageManager::code(language) == code)
            return language;
    }
    return std::nullopt;
}

LanguageManager::Language LanguageManager::fromLocale(const QLocale &locale)
{
    // uiLanguages() lists the user's languages in order of preference ("zh-Hans-CN", "zh-CN", "en-US"…).
    // Every Chinese variant gets the Simplified translation: it reads better to them than English.
    for (const auto &name : locale.uiLanguages()) {
        if (name.startsWith(QLatin1String("zh")))
            return Language::SimplifiedChinese;
        if (name.startsWith(QLatin1String("en")) || name == QLatin1String("C"))
            return Language::English;
    }
    return Language::English;
}

std::optional<LanguageManager::Language> LanguageManager::stored()
{
    return fromCode(QSettings().value(settingsKey).toString());
}

void LanguageManager::store(Language language)
{
    QSettings().setValue(settingsKey, code(language));
}

LanguageManager::Language LanguageManager::preferred()
{
    return stored().value_or(fromLocale(QLocale::system()));
}

LanguageManager::Language LanguageManager::active()
{
    return g_active;
}

bool LanguageManager::apply(Language language)
{
    uninstall();
    // English is the source language; its file carries only plural forms, but load it all the same so
    // "1 instance" and "2 instances" come out right.
    auto appTranslator = std::make_unique<QTranslator>();
    if (!appTranslator->load(QStringLiteral("flightdeck_") + code(language), resourceDir))
        return false;
    QCoreApplication::installTranslator(appTranslator.get());
    m_appTranslator = std::move(appTranslator);

    // Qt's own strings (standard buttons, command-line parser) come from the system's Qt translations,
    // an optional package; without it they stay English.
    if (language != Language::English) {
        auto qtTranslator = std::make_unique<QTranslator>();
        if (qtTranslator->load(
                QStringLiteral("qtbase_") + code(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qtTranslator.get());
            m_qtTranslator = std::move(qtTranslator);
        }
    }
    g_active = language;
    return true;
}

void LanguageManager::uninstall()
{
    if (m_appTranslator) {
        QCoreApplication::removeTranslator(m_appTranslator.get());
        g_active = Language::English;
    }
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator.reset();
    m_qtTranslator.reset();
}
