package io.wrenmq.broker.listener;

import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Names taken from a client certificate (peer_cert_as_username / peer_cert_as_clientid = cn | dn). */
public final class CertificateNames {
    private CertificateNames() {
    }

    /** The most specific CN of the subject, or null when the subject has none. */
    public static String commonName(X509Certificate cert) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : name.getRdns()) { // RDNs are listed from the least specific; the last CN wins
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
