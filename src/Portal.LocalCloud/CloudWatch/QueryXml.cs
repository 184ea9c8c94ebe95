using System.Text;
using System.Xml;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>Writes a Query-protocol success response: &lt;ActionResponse&gt;&lt;ActionResult&gt;...&lt;/ActionResult&gt;&lt;ResponseMetadata/&gt;.</summary>
public static class QueryXml
{
    public const string Namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    public static Task WriteAsync(HttpContext http, string action, Action<XmlWriter> writeResult) =>
        WriteAsync(http, action, Namespace, writeResult);

    public static async Task WriteAsync(HttpContext http, string action, string xmlNamespace, Action<XmlWriter> writeResult)
    {
        var requestId = Guid.NewGuid().ToString();
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement(action + "Response", xmlNamespace);
            xml.WriteStartElement(action + "Result");
            writeResult(xml);
            xml.WriteEndElement();
            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        http.Response.StatusCode = 200;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\""));
    }
}
