package io.recordflow.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://bob:pw@r:8081/x|http://****@r:8081/x",
                "http://r:8081/x|http://r:8081/x",
                "jdbc:postgresql://h:5432/db?user=u&password=s3cret|jdbc:postgresql://h:5432/db?user=u&password=****",
                "jdbc:postgresql://h/db?sslpassword=k&ssl=true|jdbc:postgresql://h/db?sslpassword=****&ssl=true",
                "jdbc:sqlserver://h;user=u;Password=s3cret;db=x|jdbc:sqlserver://h;user=u;Password=****;db=x",
                "https://h/v1?api_key=abc#top|https://h/v1?api_key=****#top",
                "https://h/v1?access_token=abc&q=1|https://h/v1?access_token=****&q=1",
                "https://h/v1?tokens=3&keys=2|https://h/v1?tokens=3&keys=2",
                "jdbc:postgresql://u:p@h/db?pwd=x|jdbc:postgresql://****@h/db?pwd=****"
            })
    void shouldHideUserInfoAndSecretParameters(String url, String shown) {
        assertThat(UrlRedaction.redact(url)).isEqualTo(shown);
    }
}
