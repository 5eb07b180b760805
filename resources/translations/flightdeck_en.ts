<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n alert firing</numerusform>
            <numerusform>%n alerts firing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertRuleDialog</name>
    <message numerus="yes">
        <source>Would have fired %n time(s) in the last hour.</source>
        <translation>
            <numerusform>Would have fired %n time in the last hour.</numerusform>
            <numerusform>Would have fired %n times in the last hour.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CartsPanel</name>
    <message numerus="yes">
        <source>%n item(s) · Total &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>
            <numerusform>%n item · Total &lt;b&gt;%1&lt;/b&gt;</numerusform>
            <numerusform>%n items · Total &lt;b&gt;%1&lt;/b&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FaultDialog</name>
    <message numerus="yes">
        <source>Every instance of %1 (%n instance(s))</source>
        <translation>
            <numerusform>Every instance of %1 (%n instance)</numerusform>
            <numerusform>Every instance of %1 (%n instances)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%1 of %n instance(s)</source>
        <translation>
            <numerusform>%1 of %n instance</numerusform>
            <numerusform>%1 of %n instances</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegistryPanel</name>
    <message numerus="yes">
        <source>%1 · %2 of %n instance(s) in service · updated %3</source>
        <translation>
            <numerusform>%1 · %2 of %n instance in service · updated %3</numerusform>
            <numerusform>%1 · %2 of %n instances in service · updated %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportExporter</name>
    <message numerus="yes">
        <source>wrote a %1 report of %n service(s) to %2</source>
        <translation>
            <numerusform>wrote a %1 report of %n service to %2</numerusform>
            <numerusform>wrote a %1 report of %n services to %2</numerusform>
        </translation>
    </message>
</context>
</TS>
