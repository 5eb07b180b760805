<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
<context>
    <name>RunModes</name>
    <message numerus="yes">
        <source>Fleet: %1 of %n instance(s) running</source>
        <translation>
            <numerusform>Fleet: %1 of %n instance running</numerusform>
            <numerusform>Fleet: %1 of %n instances running</numerusform>
        </translation>
    </message>
</context>
</TS>
