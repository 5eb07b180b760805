#pragma once

#include <memory>
#include <optional>
#include <QList>
#include <QString>

class QLocale;
class QTranslator;

// Which language the interface speaks, and the translators that make it so. The user's choice is
// stored in QSettings under "ui/language" ("en", "zh_CN"); without one, the system locale decides.
// Translations are compiled from resources/translations/*.ts at build time and embedded as resources.
class LanguageManager
{
public:
    enum class Language { English, SimplifiedChinese };

    LanguageManager();
    ~LanguageManager(); // uninstalls its translators
    LanguageManager(const LanguageManager &) = delete;
    LanguageManager &operator=(const LanguageManager &) = delete;

    static QList<Language> available();
    static QString code(Language language); // "en", "zh_CN": the settings value and the .qm suffix
    static QString nativeName(Language language); // in the language itself, so anyone can find their own
    static std::optional<Language> fromCode(const QString &code);
    // The first of the locale's UI languages that Flightdeck speaks; English when none is.
    static Language fromLocale(const QLocale &locale);

    static std::optional<Language> stored();
    static void store(Language language);
    // The stored choice, else the system locale's language.
    static Language preferred();

    // The language the running interface was built in (set by the last apply()).
    static Language active();

    // Installs the application's translator (and Qt's own, for standard dialogs, when the system has it).
    // Returns false when the embedded translation cannot be loaded; the interface then stays English.
    bool apply(Language language);

private:
    void uninstall();

    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};
