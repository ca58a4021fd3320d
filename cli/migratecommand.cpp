#include "migratecommand.h"
#include "inputparser.h"

#include <QJsonDocument>

using namespace ActionNode;

int MigrateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("The version the inputs were saved under."),
                                  QStringLiteral("version"));
    const QCommandLineOption input(QStringLiteral("input"),
                                   QStringLiteral("JSON object of saved inputs from <file> ('-' for standard input; at most 16 MiB)."),
                                   QStringLiteral("file"));
    parser.addOptions({from, input});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("Action id, e.g. daily.create_meeting_token."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(from) || !parser.isSet(input)) {
        err() << "actionnode migrate: name one action, --from VERSION and --input FILE\n";
        return UsageError;
    }
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode migrate: " << error << "\n";
        return Failure;
    }
    const ActionSpec action = runtime.action(parser.positionalArguments().constFirst());
    if (action.hasError()) {
        err() << "actionnode migrate: " << action.errorString() << "\n";
        return Failure;
    }
    QJsonObject inputs;
    bool unreadable = false;
    if (!InputParser::readFile(parser.value(input), &inputs, &error, &unreadable)) {
        err() << "actionnode migrate: " << error << "\n";
        return unreadable ? Failure : InvalidInput;
    }
    const MigratedInputs migrated = action.migrateInputs(inputs, parser.value(from));
    if (!migrated.isValid()) {
        err() << "actionnode migrate: " << migrated.errorString << "\n";
        return InvalidInput;
    }
    out() << QJsonDocument(migrated.toJson()).toJson(QJsonDocument::Indented);
    return Success;
}
