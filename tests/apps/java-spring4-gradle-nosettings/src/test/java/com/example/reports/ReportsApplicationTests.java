package com.example.reports;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ReportsApplicationTests {

	@Test
	void contextLoads() {
	}

}
